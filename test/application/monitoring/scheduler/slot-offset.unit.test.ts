import { randomUUID } from 'node:crypto';
import test from 'ava';
import { slotOffsetMs } from '../../../../application/monitoring/scheduler/index.ts';

const timing = {
  intervalSeconds: 60,
  timeoutSeconds: 5,
  retries: 0,
  retryIntervalSeconds: 60,
  resendIntervalSeconds: 0,
};

test('a check’s offset is the same on every call (every node) and leaves its timeout inside the slot', (t) => {
  const id = '0b6a3c1e-7d0f-4c52-9a51-3f3c8c2d9e11';
  t.is(slotOffsetMs(id, timing), slotOffsetMs(id, { ...timing }));
  for (let i = 0; i < 200; i += 1) {
    const offset = slotOffsetMs(randomUUID(), timing);
    t.true(offset >= 0 && offset + timing.timeoutSeconds * 1000 < timing.intervalSeconds * 1000);
  }
});

test('the checks of one interval spread over it rather than starting together', (t) => {
  const seconds = new Set(
    Array.from({ length: 500 }, () => Math.floor(slotOffsetMs(randomUUID(), timing) / 1000)),
  );
  // 500 checks over 54 one-second bins: nearly every bin is used (all at once would be one).
  t.true(seconds.size > 45, `${seconds.size} distinct seconds`);
});

test('an interval its timeout fills is not spread', (t) => {
  t.is(slotOffsetMs(randomUUID(), { ...timing, intervalSeconds: 10, timeoutSeconds: 10 }), 0);
});
