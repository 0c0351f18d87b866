import test from 'ava';
import type { ProbeResult } from '../../../../application/ports/probe.ts';
import { schedulerOnFakes, tcpCheck } from './scheduler-fakes.ts';

const timing = {
  intervalSeconds: 10,
  timeoutSeconds: 2,
  retries: 1,
  retryIntervalSeconds: 10,
  resendIntervalSeconds: 0,
};
const START = Date.UTC(2026, 11, 3, 8, 0, 0, 500);

test.serial('a result the store rejected is not decided; the others are', async (t) => {
  const down = () => Promise.resolve({ status: 'down' as const, latencyMs: null, message: 'refused' });
  // Every other slot lies "outside the kept days".
  const fakes = schedulerOnFakes({
    definition: tcpCheck,
    timing,
    startMs: START,
    probe: down,
    rejectSlots: (record) => record.slot % 2 === 0,
  });
  await fakes.start();
  await fakes.advance(60_000);
  await fakes.finish();
  t.true(fakes.rows.length >= 2);
  t.true(fakes.fed.length >= 2);
  t.deepEqual(
    fakes.fed.filter((result) => result.slot % 2 === 0),
    [],
    'no rejected result reached the state machine',
  );
  t.is(fakes.fed.length, fakes.rows.length);
});

test.serial('a result whose slot another writer recorded first is not decided', async (t) => {
  // A probe of one second: the slot's up row from elsewhere is written while it runs.
  const slowDown = () =>
    new Promise<ProbeResult>((resolve) => {
      setTimeout(() => resolve({ status: 'down', latencyMs: null, message: 'refused' }), 1000);
    });
  const fakes = schedulerOnFakes({ definition: tcpCheck, timing, startMs: START, probe: slowDown });
  await fakes.start();
  await fakes.advance(9_500);
  await fakes.push();
  t.is(fakes.events.length, 0, 'the other writer changed nothing');
  await fakes.advance(3_000);
  const duplicated = fakes.rows.find((row) => row.status === 'up');
  t.truthy(duplicated);
  t.false(
    fakes.fed.some((result) => result.status === 'down' && result.slot === duplicated?.slot),
    'the duplicate down of the slot was not decided',
  );
  t.deepEqual(fakes.events, []);
  // The slot after is the scheduler's own: decided.
  await fakes.advance(10_000);
  await fakes.finish();
  t.deepEqual(fakes.events, ['CheckWentPending']);
});

test.serial(
  'a push check that was PENDING once judges the interval slots again: no "no push" while pushes come',
  async (t) => {
    const pushTiming = { ...timing, intervalSeconds: 300, retries: 1, retryIntervalSeconds: 10 };
    const fakes = schedulerOnFakes({
      definition: { kind: 'push', tokenDigest: 'digest' },
      timing: pushTiming,
      startMs: Date.UTC(2026, 11, 3, 8, 0, 0, 0),
    });
    await fakes.start();
    // The first judged slot starts at 08:05; one push is missed (the 2nd slot), then a push every slot.
    await fakes.advance(300_000 + 150_000, 1000);
    for (let slot = 0; slot < 40; slot += 1) {
      if (slot !== 1) await fakes.push();
      await fakes.advance(300_000, 1000);
    }
    await fakes.finish();
    t.deepEqual(fakes.events, ['CheckWentPending', 'CheckWentUp']);
    t.is(fakes.rows.filter((row) => row.status === 'down').length, 1, 'only the missed slot is a down');
  },
);

test.serial(
  "a push check's retries are counted over interval slots: two missed slots in a row are DOWN",
  async (t) => {
    const pushTiming = { ...timing, intervalSeconds: 60, retries: 1, retryIntervalSeconds: 10 };
    const fakes = schedulerOnFakes({
      definition: { kind: 'push', tokenDigest: 'digest' },
      timing: pushTiming,
      startMs: Date.UTC(2026, 11, 3, 8, 0, 0, 0),
    });
    await fakes.start();
    await fakes.advance(60_000 + 30_000, 1000);
    await fakes.push();
    // Slot 08:01 has its push; 08:02 and 08:03 have none (judged at 08:03:02 and 08:04:02).
    await fakes.advance(60_000 * 3, 1000);
    await fakes.finish();
    t.deepEqual(fakes.events, ['CheckWentPending', 'ServerWentDown']);
    const downs = fakes.rows.filter((row) => row.status === 'down');
    t.deepEqual(
      downs.map((row) => row.intervalSeconds),
      [60, 60],
      'judged on the interval, not the retry interval',
    );
  },
);

/** A probe that answers up after 5 s, or "down: aborted" at once when its signal aborts (as the real ones do). */
const slowProbe = (signal: AbortSignal | undefined) =>
  new Promise<ProbeResult>((resolve) => {
    const timer = setTimeout(() => resolve({ status: 'up', latencyMs: 5000, message: null }), 5000);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve({ status: 'down', latencyMs: null, message: 'aborted' });
    });
  });

const endingWindow = (serverId: string) => [
  {
    windowId: 'window-1',
    target: { kind: 'server' as const, serverId },
    schedule: { kind: 'once' as const, from: '2026-12-03T07:59:00.000Z', until: '2026-12-03T08:00:03.000Z' },
  },
];

test.serial('a maintenance end is decided on the probe taken when the window ends', async (t) => {
  const fakes = schedulerOnFakes({ definition: tcpCheck, timing, startMs: START, probe: slowProbe });
  fakes.setWindows(endingWindow(fakes.check.serverId));
  await fakes.start();
  await fakes.advance(10_000);
  await fakes.finish();
  t.deepEqual(
    fakes.maintenanceCalls.map((call) => call.kind),
    ['start', 'end'],
  );
  t.like(fakes.maintenanceCalls[1]?.probe, { status: 'up' });
});

test.serial('a maintenance end whose probe the partition release cut short is not decided', async (t) => {
  const fakes = schedulerOnFakes({ definition: tcpCheck, timing, startMs: START, probe: slowProbe });
  fakes.setWindows(endingWindow(fakes.check.serverId));
  await fakes.start();
  // The window ends at 08:00:03; the tick at 08:00:03.5 probes (5 s); the partition goes at 08:00:05.
  await fakes.advance(4_500);
  t.deepEqual(
    fakes.maintenanceCalls.map((call) => call.kind),
    ['start'],
  );
  fakes.scheduler.apply({ held: [], acquired: [], released: [{ partition: fakes.partition, epoch: 1 }] });
  await fakes.advance(10_000);
  await fakes.finish();
  t.deepEqual(
    fakes.maintenanceCalls.map((call) => call.kind),
    ['start'],
    'no end on an aborted probe: the next holder ends it',
  );
});

test.serial('a result written before the partition was lost is not decided', async (t) => {
  const down = () => Promise.resolve({ status: 'down' as const, latencyMs: null, message: 'refused' });
  let release = (): void => undefined;
  const fakes = schedulerOnFakes({
    definition: tcpCheck,
    timing: { ...timing, retries: 0 },
    startMs: START,
    probe: down,
    afterRecord: () => release(),
  });
  release = () =>
    fakes.scheduler.apply({ held: [], acquired: [], released: [{ partition: fakes.partition, epoch: 1 }] });
  await fakes.start();
  await fakes.advance(12_000);
  await fakes.finish();
  t.is(fakes.rows.length, 1, 'the result was written under the epoch');
  t.deepEqual(fakes.fed, [], 'and not decided once the partition was gone');
  t.deepEqual(fakes.events, []);
});

test.serial('an interval shortened while a run is in progress probes no slot twice (G8)', async (t) => {
  const hourly = { ...timing, intervalSeconds: 60, timeoutSeconds: 20 };
  let probes = 0;
  // A probe of 15 s: longer than the new 10 s interval.
  const long = () =>
    new Promise<ProbeResult>((resolve) => {
      probes += 1;
      setTimeout(() => resolve({ status: 'up', latencyMs: 15_000, message: null }), 15_000);
    });
  const fakes = schedulerOnFakes({
    definition: tcpCheck,
    timing: hourly,
    startMs: Date.UTC(2026, 11, 3, 8, 0, 30, 0),
    probe: long,
  });
  await fakes.start();
  await fakes.advance(31_000);
  t.is(probes, 1, 'the 08:01 run is in progress');
  fakes.setTiming({ ...hourly, intervalSeconds: 10, timeoutSeconds: 5 });
  await fakes.scheduler.refresh();
  await fakes.advance(60_000);
  await fakes.finish();
  const slotStarts = fakes.rows.map((row) => +row.slotAt);
  t.is(new Set(slotStarts).size, slotStarts.length, 'one row per slot start');
  // The run in progress at the stop is aborted, unrecorded: at most one probe more than rows.
  t.true(
    probes - fakes.rows.length <= 1,
    `one probe per recorded slot: ${slotStarts.map((ms) => new Date(ms).toISOString()).join(', ')}`,
  );
});

test.serial('two windows of a check that end together are ended on one probe (G7)', async (t) => {
  let probes = 0;
  const counted = (signal: AbortSignal | undefined) => {
    probes += 1;
    return slowProbe(signal);
  };
  const fakes = schedulerOnFakes({ definition: tcpCheck, timing, startMs: START, probe: counted });
  const [first] = endingWindow(fakes.check.serverId);
  if (!first) throw new Error('no window');
  fakes.setWindows([first, { ...first, windowId: 'window-2' }]);
  await fakes.start();
  await fakes.advance(1000);
  t.deepEqual(
    fakes.maintenanceCalls.map((call) => call.kind),
    ['start', 'start'],
  );
  // Both end at 08:00:03; a probe takes 5 s: one probe each would end the second at 08:00:13.
  await fakes.advance(8000);
  const ends = fakes.maintenanceCalls.filter((call) => call.kind === 'end');
  t.is(ends.length, 2, 'both ended by 08:00:09.5');
  t.is(ends[0]?.probe, ends[1]?.probe, 'the same probe decides both');
  t.is(probes, 1, 'one probe for both ends (the slot run is at 08:00:10)');
  await fakes.finish();
});
