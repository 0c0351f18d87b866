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

test('a check’s offset is the same on every call (every node) and inside the slot, its last second free', (t) => {
  const id = '0b6a3c1e-7d0f-4c52-9a51-3f3c8c2d9e11';
  t.is(slotOffsetMs(id, timing), slotOffsetMs(id, { ...timing }));
  for (let i = 0; i < 200; i += 1) {
    const offset = slotOffsetMs(randomUUID(), timing);
    t.true(offset >= 0 && offset < timing.intervalSeconds * 1000 - 1000);
  }
});

test('the checks of one interval spread over it rather than starting together', (t) => {
  const seconds = new Set(
    Array.from({ length: 500 }, () => Math.floor(slotOffsetMs(randomUUID(), timing) / 1000)),
  );
  // 500 checks over 59 one-second bins: nearly every bin is used (all at once would be one).
  t.true(seconds.size > 45, `${seconds.size} distinct seconds`);
});

test('a 10 s check with the default 9 s timeout is spread over 9 s all the same (bench:monitoring: it was not)', (t) => {
  const short = { ...timing, intervalSeconds: 10, timeoutSeconds: 9 };
  const offsets = Array.from({ length: 200 }, () => slotOffsetMs(randomUUID(), short));
  t.true(offsets.every((offset) => offset >= 0 && offset < 9000));
  t.true(new Set(offsets.map((offset) => Math.floor(offset / 1000))).size >= 8);
});
