import test from 'ava';
import { makeHealthReport } from '../../../application/health/index.ts';

const clock = (iso: string) => ({ now: () => new Date(iso) });

test('reports uptime and each dependency, down ones with the reason', async (t) => {
  const report = makeHealthReport({
    version: '1.2.3',
    nodeId: 'node-a',
    startedAt: new Date('2026-11-24T10:00:00Z'),
    clock: clock('2026-11-24T10:01:30Z'),
    probes: [
      { name: 'database', check: () => Promise.resolve() },
      { name: 'redis', check: () => Promise.reject(new Error('ECONNREFUSED')) },
    ],
  });
  t.like(await report(), {
    status: 'ok',
    version: '1.2.3',
    nodeId: 'node-a',
    uptimeSeconds: 90,
    dependencies: { database: { status: 'up' }, redis: { status: 'down', error: 'ECONNREFUSED' } },
  });
});

test('reports a probe that does not answer in time as down', async (t) => {
  const report = makeHealthReport({
    version: '1.2.3',
    nodeId: 'node-a',
    startedAt: new Date(),
    clock: { now: () => new Date() },
    probeTimeoutMs: 20,
    probes: [{ name: 'database', check: () => new Promise(() => undefined) }],
  });
  const { dependencies } = await report();
  t.is(dependencies['database']?.status, 'down');
  t.regex(dependencies['database']?.error ?? '', /no answer within 20 ms/);
});

test('says which optional features the node runs', async (t) => {
  const report = makeHealthReport({
    version: '1.2.3',
    nodeId: 'node-a',
    startedAt: new Date(),
    clock: { now: () => new Date() },
    probes: [],
    features: { otrs: 'off' },
  });
  t.deepEqual((await report()).features, { otrs: 'off' });
});
