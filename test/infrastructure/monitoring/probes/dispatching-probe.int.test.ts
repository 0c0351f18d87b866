import { getEventListeners } from 'node:events';
import test from 'ava';
import type { CheckDefinition } from '../../../../domain/monitoring/check-definition.ts';
import { createProbe } from '../../../../infrastructure/monitoring/probes/index.ts';
import { captureLogger } from '../../../support/capture-logger.ts';
import { startDnsServer } from '../../../support/monitoring-targets/dns-server.ts';
import { startHttpTarget } from '../../../support/monitoring-targets/http-target.ts';
import { startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';

const limits = { timeoutMs: 2_000, maxBodyBytes: 65_536, maxRedirects: 5 };

test('each kind of check goes to its own probe, against real local targets', async (t) => {
  const [tcp, http, dns] = await Promise.all([
    startTcpTarget(),
    startHttpTarget(),
    startDnsServer({ 'app.corp.test': { A: ['127.0.0.1'] } }),
  ]);
  t.teardown(() => Promise.all([tcp.close(), http.close(), dns.close()]));
  const logger = captureLogger();
  const probe = createProbe({ logger, dns: { servers: [dns.address] } });
  const checks: Array<Exclude<CheckDefinition, { kind: 'push' }>> = [
    { kind: 'tcp', host: '127.0.0.1', port: tcp.port },
    {
      kind: 'http',
      url: `${http.url}/health`,
      method: 'GET',
      expectStatus: { min: 200, max: 299 },
      ignoreTlsErrors: false,
    },
    { kind: 'ping', host: '127.0.0.1' },
    { kind: 'dns', host: 'app.corp.test', recordType: 'A', expectAddress: '127.0.0.1' },
  ];
  for (const check of checks) {
    const result = await probe.run(check, limits);
    t.is(result.status, 'up', `${check.kind}: ${result.message ?? ''}`);
  }
  t.is(tcp.accepted(), 1);
  t.is(http.requests('/health'), 1);
  t.is(dns.queries(), 1);
  t.deepEqual(logger.lines, []);
});

test('a push check, which nothing probes, is down rather than a throw', async (t) => {
  const probe = createProbe({ logger: captureLogger() });
  const push = { kind: 'push', tokenDigest: 'x' } as unknown as Exclude<CheckDefinition, { kind: 'push' }>;
  t.deepEqual(await probe.run(push, limits), {
    status: 'down',
    latencyMs: null,
    message: 'no probe for checks of kind push',
  });
});

test('a fault of ours inside a probe is a down result and an error in the log, not a rejection', async (t) => {
  const logger = captureLogger();
  const broken = {
    kind: 'tcp',
    port: 80,
    get host(): string {
      throw new Error('a check read from a corrupt row');
    },
  } as const;
  const result = await createProbe({ logger }).run(broken, limits);
  t.deepEqual(result, {
    status: 'down',
    latencyMs: null,
    message: 'probe failed: a check read from a corrupt row',
  });
  t.deepEqual(
    logger.lines.map((line) => [line.level, line.message, line.fields.kind]),
    [['error', 'a probe threw instead of returning a result', 'tcp']],
  );
});

test("checks sharing the scheduler's signal leave no listener on it when they end", async (t) => {
  const [tcp, http] = await Promise.all([startTcpTarget(), startHttpTarget()]);
  t.teardown(() => Promise.all([tcp.close(), http.close()]));
  await tcp.refuse();
  const node = new AbortController();
  const probe = createProbe({ logger: captureLogger() });
  const checks: Array<Exclude<CheckDefinition, { kind: 'push' }>> = [
    { kind: 'tcp', host: '127.0.0.1', port: tcp.port },
    {
      kind: 'http',
      url: `${http.url}/health`,
      method: 'GET',
      expectStatus: { min: 200, max: 299 },
      ignoreTlsErrors: false,
    },
    {
      kind: 'http',
      url: `${http.url}/text`,
      method: 'GET',
      expectStatus: { min: 200, max: 299 },
      keyword: 'nominal',
      ignoreTlsErrors: false,
    },
    { kind: 'ping', host: '127.0.0.1' },
    { kind: 'dns', host: 'localhost', recordType: 'A' },
  ];
  for (let round = 0; round < 4; round += 1) {
    await Promise.all(checks.map((check) => probe.run(check, limits, node.signal)));
  }
  t.is(getEventListeners(node.signal, 'abort').length, 0);
});
