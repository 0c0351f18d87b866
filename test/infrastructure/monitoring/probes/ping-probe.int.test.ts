import test from 'ava';
import { makePingProbe } from '../../../../infrastructure/monitoring/probes/index.ts';
import {
  createNetworkNamespace,
  type NetworkNamespace,
} from '../../../support/monitoring-targets/network-namespace.ts';

const limits = { timeoutMs: 2_000, maxBodyBytes: 65_536, maxRedirects: 5 };
const ping = makePingProbe();
let namespace: NetworkNamespace | { readonly unavailable: string };

test.before(async () => {
  namespace = await createNetworkNamespace();
});
test.after.always(async () => {
  if (!('unavailable' in namespace)) await namespace.remove();
});

test('127.0.0.1 answers: up with the round-trip time ping measured', async (t) => {
  const result = await ping({ kind: 'ping', host: '127.0.0.1' }, limits);
  t.is(result.status, 'up', result.message ?? '');
  t.is(result.message, null);
  t.true(typeof result.latencyMs === 'number' && result.latencyMs >= 0);
});

test('a name and an IPv6 address are pinged too', async (t) => {
  for (const host of ['localhost', '::1']) {
    const result = await ping({ kind: 'ping', host }, limits);
    t.is(result.status, 'up', `${host}: ${result.message ?? ''}`);
  }
});

test('an address inside a network namespace answers through the veth pair', async (t) => {
  if ('unavailable' in namespace) {
    t.log(`skipped: ${namespace.unavailable}`);
    t.pass();
    return;
  }
  t.is((await ping({ kind: 'ping', host: namespace.peerAddress }, limits)).status, 'up');
});

test('an address on that link that nobody holds is down with no latency', async (t) => {
  if ('unavailable' in namespace) {
    t.log(`skipped: ${namespace.unavailable}`);
    t.pass();
    return;
  }
  const result = await ping({ kind: 'ping', host: namespace.silentAddress }, { ...limits, timeoutMs: 1_000 });
  t.is(result.status, 'down');
  t.is(result.latencyMs, null);
  // Ping's own wait ends 200 ms before the deadline; on a loaded machine its exit may still come after it, so
  // either reason is the right answer: which one is a matter of scheduling, not of the probe.
  t.regex(
    result.message ?? '',
    /^(no echo reply within 1000 ms \(ping exit code 1\)|timed out after 1000 ms)$/,
  );
});

test('an abort ends a ping that is still waiting', async (t) => {
  if ('unavailable' in namespace) {
    t.log(`skipped: ${namespace.unavailable}`);
    t.pass();
    return;
  }
  const controller = new AbortController();
  const running = ping({ kind: 'ping', host: namespace.silentAddress }, limits, controller.signal);
  setTimeout(() => controller.abort(), 100);
  t.deepEqual(await running, { status: 'down', latencyMs: null, message: 'aborted' });
});

test('an unknown host is down with what ping said about it', async (t) => {
  const result = await ping({ kind: 'ping', host: 'no-such-host.invalid' }, limits);
  t.is(result.status, 'down');
  t.regex(result.message ?? '', /no-such-host\.invalid/);
});

test('a host that looks like an option never reaches ping', async (t) => {
  t.deepEqual(await ping({ kind: 'ping', host: '-f' }, limits), {
    status: 'down',
    latencyMs: null,
    message: 'not a host ping can be given',
  });
});
