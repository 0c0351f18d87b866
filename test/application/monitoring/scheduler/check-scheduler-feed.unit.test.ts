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
