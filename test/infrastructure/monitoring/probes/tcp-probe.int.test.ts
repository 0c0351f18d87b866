import test from 'ava';
import { probeTcp } from '../../../../infrastructure/monitoring/probes/index.ts';
import { startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';
import { createNetworkNamespace } from '../../../support/monitoring-targets/network-namespace.ts';

const limits = { timeoutMs: 2_000, maxBodyBytes: 65_536, maxRedirects: 5 };

test('a listener that accepts is up with the connect latency, and down as refused once it stops', async (t) => {
  const target = await startTcpTarget();
  t.teardown(() => target.close());
  const check = { kind: 'tcp', host: '127.0.0.1', port: target.port } as const;

  const accepting = await probeTcp(check, limits);
  t.is(accepting.status, 'up');
  t.is(accepting.message, null);
  t.true(typeof accepting.latencyMs === 'number' && accepting.latencyMs >= 0);
  t.is(target.accepted(), 1);

  await target.refuse();
  t.deepEqual(await probeTcp(check, limits), {
    status: 'down',
    latencyMs: null,
    message: 'connection refused (ECONNREFUSED)',
  });

  await target.accept();
  t.is((await probeTcp(check, limits)).status, 'up', 'the same port accepts again');
});

test('a port out of range is down without a connection tried', async (t) => {
  const result = await probeTcp({ kind: 'tcp', host: '127.0.0.1', port: 70_000 }, limits);
  t.deepEqual(result, { status: 'down', latencyMs: null, message: 'port 70000 is out of range' });
});

test('an unknown host is down and names the reason', async (t) => {
  const result = await probeTcp({ kind: 'tcp', host: 'no-such-host.invalid', port: 80 }, limits);
  t.is(result.status, 'down');
  t.regex(result.message ?? '', /unknown host \(ENOTFOUND\)|EAI_AGAIN/);
});

test('a SYN nobody answers is down at the timeout', async (t) => {
  const namespace = await createNetworkNamespace();
  if ('unavailable' in namespace) {
    t.log(`skipped: ${namespace.unavailable}`);
    t.pass();
    return;
  }
  t.teardown(() => namespace.remove());
  const result = await probeTcp(
    { kind: 'tcp', host: namespace.silentAddress, port: 80 },
    { ...limits, timeoutMs: 300 },
  );
  t.deepEqual(result, { status: 'down', latencyMs: null, message: 'timed out after 300 ms' });
});

test('an abort by the caller ends the check as aborted', async (t) => {
  const namespace = await createNetworkNamespace();
  if ('unavailable' in namespace) {
    t.log(`skipped: ${namespace.unavailable}`);
    t.pass();
    return;
  }
  t.teardown(() => namespace.remove());
  const controller = new AbortController();
  const running = probeTcp(
    { kind: 'tcp', host: namespace.silentAddress, port: 80 },
    limits,
    controller.signal,
  );
  controller.abort();
  t.deepEqual(await running, { status: 'down', latencyMs: null, message: 'aborted' });
});
