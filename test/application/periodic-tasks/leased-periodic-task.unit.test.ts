import test from 'ava';
import { leasedPeriodicTask } from '../../../application/periodic-tasks/index.ts';
import { type MemoryLeaseTable, createMemoryLeaseManager } from '../../../infrastructure/leases/index.ts';
import { captureLogger } from '../../support/capture-logger.ts';

const HOUR = 3_600_000;

test('one node of two runs the task per interval: the lease lasts a little less than it', async (t) => {
  let clock = 0;
  const table: MemoryLeaseTable = new Map();
  const node = (nodeId: string) =>
    leasedPeriodicTask({
      lease: 'test:duty',
      leases: createMemoryLeaseManager({ nodeId, now: () => clock, table }),
      everyMs: 1_000,
      run: () => Promise.resolve(nodeId),
      logger: captureLogger(),
      failureMessage: 'test duty failed',
    });
  const [a, b] = [node('node-a'), node('node-b')];
  t.is(await a.runOnce(), 'node-a');
  t.is(await b.runOnce(), null);
  clock = 899;
  t.is(await b.runOnce(), null);
  clock = 900;
  t.is(await b.runOnce(), 'node-b');
  t.is(await a.runOnce(), null);
});

test('started, it runs at once; a failed run is logged, and stop waits for the run under way', async (t) => {
  const logger = captureLogger();
  let finish: (() => void) | undefined;
  let runs = 0;
  const task = leasedPeriodicTask({
    lease: 'test:duty',
    leases: createMemoryLeaseManager({ nodeId: 'node-a' }),
    everyMs: HOUR,
    run: () => {
      runs += 1;
      return new Promise<void>((_resolve, reject) => {
        finish = () => reject(new Error('database hiccup'));
      });
    },
    logger,
    failureMessage: 'test duty failed; the next run tries again',
  });
  const started = task.start();
  let stopped = false;
  const stopping = started.stop().then(() => {
    stopped = true;
  });
  // The lease is taken before the run: wait for the run to begin.
  while (finish === undefined) await new Promise((resolve) => setImmediate(resolve));
  t.false(stopped);
  finish();
  await stopping;
  t.true(stopped);
  t.is(runs, 1);
  t.deepEqual(
    logger.lines.map(({ level, message }) => ({ level, message })),
    [{ level: 'warn', message: 'test duty failed; the next run tries again' }],
  );
  t.is((logger.lines[0]?.fields.err as Error).message, 'database hiccup');
});
