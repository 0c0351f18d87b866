import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A network namespace joined to this one by a veth pair on a /29 of 10.254.x.x: our end holds its first address,
 * `peerAddress` answers from inside the namespace, and `silentAddress` is on the same link but nobody has it,
 * so a ping or a SYN to it goes unanswered (never an address outside this machine).
 */
export interface NetworkNamespace {
  readonly peerAddress: string;
  readonly silentAddress: string;
  remove(): Promise<void>;
}

let created = 0;

/** Sets the namespace up, or says why it cannot be (no `ip`, not permitted): the test prints it and skips. */
export async function createNetworkNamespace(): Promise<NetworkNamespace | { readonly unavailable: string }> {
  created += 1;
  const tag = `${process.pid % 10_000}n${created}`;
  const namespace = `tbot-probe-${tag}`;
  const ours = `tbp${tag}a`;
  const theirs = `tbp${tag}b`;
  // One /29 per namespace of this process, in a third octet chosen by the pid, so parallel test files keep apart.
  const subnet = `10.254.${process.pid % 250}.${(created % 31) * 8}`;
  const octets = subnet.split('.');
  const host = (last: number) => [...octets.slice(0, 3), String(Number(octets[3]) + last)].join('.');
  const remove = async () => {
    await run('ip', ['link', 'del', ours]).catch(() => undefined);
    await run('ip', ['netns', 'del', namespace]).catch(() => undefined);
  };
  try {
    await run('ip', ['netns', 'add', namespace]);
    await run('ip', ['link', 'add', ours, 'type', 'veth', 'peer', 'name', theirs, 'netns', namespace]);
    await run('ip', ['addr', 'add', `${host(1)}/29`, 'dev', ours]);
    await run('ip', ['link', 'set', ours, 'up']);
    await run('ip', ['-n', namespace, 'addr', 'add', `${host(2)}/29`, 'dev', theirs]);
    await run('ip', ['-n', namespace, 'link', 'set', theirs, 'up']);
    await run('ip', ['-n', namespace, 'link', 'set', 'lo', 'up']);
  } catch (error) {
    await remove();
    return {
      unavailable: `cannot set up a network namespace: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return { peerAddress: host(2), silentAddress: host(5), remove };
}
