import test from 'ava';
import { createHeldBackoff } from '../../../infrastructure/event-store/postgres/held-backoff.ts';

test('backs off from 10 ms to 200 ms while the same appender holds the horizon', (t) => {
  const backoff = createHeldBackoff();
  const waits = Array.from({ length: 8 }, () => backoff.next(42n));
  t.deepEqual(waits, [10, 20, 40, 80, 160, 200, 200, 200]);
});

test('starts again at 10 ms for another holder, and after a reset', (t) => {
  const backoff = createHeldBackoff();
  backoff.next(1n);
  backoff.next(1n);
  t.is(backoff.next(2n), 10, 'a steady stream of short appends is not slowed down');
  backoff.next(2n);
  backoff.reset();
  t.is(backoff.next(2n), 10);
});
