import dns from 'node:dns';
import net from 'node:net';
import type { ProbeLimits, ProbeResult } from '../../../application/ports/probe.ts';
import type { DnsCheck } from '../../../domain/monitoring/check-definition.ts';
import { networkErrorReason } from './network-error-reason.ts';
import { deadlineMessage, startDeadline, whenAborted, type ProbeDeadline } from './probe-deadline.ts';
import { down, elapsedSince, oneLine, up } from './probe-outcome.ts';
import { type NameLookup, systemNameLookup } from './name-lookup.ts';

export interface DnsProbeOptions {
  /**
   * The name servers to ask (`1.1.1.1`, `127.0.0.1:5353`, `[::1]:53`), directly over DNS. Absent: the
   * system resolver (getaddrinfo: the hosts file, then the servers the OS is configured with), which is what
   * the machine's own programs see, `localhost` included, but runs on libuv's small thread pool: through
   * `lookup`, which bounds how much of the pool hung names can hold.
   */
  readonly servers?: readonly string[];
  /** The system resolver's lookup; a bounded one of the probe's own unless the node shares one. */
  readonly lookup?: NameLookup;
}

export type DnsProbe = (check: DnsCheck, limits: ProbeLimits, signal?: AbortSignal) => Promise<ProbeResult>;

/**
 * Resolves the check's name to A or AAAA addresses; up when there is at least one, and the expected one
 * among them when the check names one. An answer that says "no such name" is down with the latency of
 * that answer; silence is down at the deadline.
 */
export function makeDnsProbe(options: DnsProbeOptions = {}): DnsProbe {
  const servers = options.servers;
  // a bad server list is a configuration error, said at start, not a down result on every check
  if (servers !== undefined) new dns.promises.Resolver().setServers([...servers]);
  const system = options.lookup ?? systemNameLookup();
  return async (check, limits, signal) => {
    const deadline = startDeadline(limits.timeoutMs, signal);
    try {
      return await resolveWithin(check, deadline, servers, system);
    } finally {
      deadline.dispose();
    }
  };
}

async function resolveWithin(
  check: DnsCheck,
  deadline: ProbeDeadline,
  servers: readonly string[] | undefined,
  system: NameLookup,
): Promise<ProbeResult> {
  if (deadline.signal.aborted) return down(deadlineMessage(deadline));
  const startedAt = performance.now();
  const resolver = servers === undefined ? null : askingServers(servers, deadline.timeoutMs);
  const lookup =
    resolver === null
      ? systemLookup(check, system, deadline.signal)
      : check.recordType === 'A'
        ? resolver.resolve4(check.host)
        : resolver.resolve6(check.host);
  const answered = lookup.then(
    (addresses) => ({ addresses }),
    (error: unknown) => ({ error }),
  );
  const outcome = await Promise.race([answered, whenAborted(deadline.signal).then(() => null)]);
  resolver?.cancel();
  if (outcome === null) return down(deadlineMessage(deadline));
  const latency = elapsedSince(startedAt);
  if ('error' in outcome) {
    return down(`${check.recordType} ${check.host}: ${networkErrorReason(outcome.error)}`, latency);
  }
  return judged(check, outcome.addresses, latency);
}

function askingServers(servers: readonly string[], timeoutMs: number): dns.promises.Resolver {
  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([...servers]);
  return resolver;
}

async function systemLookup(check: DnsCheck, lookup: NameLookup, signal: AbortSignal): Promise<string[]> {
  const found = await lookup(check.host, check.recordType === 'A' ? 4 : 6, signal);
  return found.map((entry) => entry.address);
}

function judged(check: DnsCheck, addresses: readonly string[], latency: number): ProbeResult {
  if (addresses.length === 0) return down(`no ${check.recordType} record for ${check.host}`, latency);
  if (check.expectAddress === undefined) return up(latency);
  const expected = canonicalAddress(check.expectAddress);
  if (addresses.some((address) => canonicalAddress(address) === expected)) return up(latency);
  return down(
    oneLine(`${check.host} resolves to ${addresses.join(', ')}, not ${check.expectAddress}`),
    latency,
  );
}

/** One spelling per address, so `2001:DB8::1` and `2001:db8:0:0::1` compare equal. */
function canonicalAddress(address: string): string {
  return net.isIPv6(address) ? new URL(`http://[${address}]/`).hostname : address.trim();
}
