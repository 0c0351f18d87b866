import test from 'ava';
import { counterWindow } from '../../../../application/monitoring/self-watch/index.ts';

const MINUTE = 60_000;

test('counts what the counter grew in the last window, from the sample at its start', (t) => {
  const window = counterWindow(5 * MINUTE, { at: 0, total: 0 });
  t.is(window.growth(1 * MINUTE, 10), 10, 'a node younger than the window counts from its start');
  t.is(window.growth(3 * MINUTE, 30), 30);
  t.is(window.growth(6 * MINUTE, 30), 20, 'the first minute left the window');
  t.is(window.growth(9 * MINUTE, 31), 1);
  t.is(window.growth(20 * MINUTE, 31), 0);
});

test("over a long run of samples, the growth is still the last window's", (t) => {
  const window = counterWindow(MINUTE, { at: 0, total: 0 });
  let total = 0;
  for (let at = 1000; at <= 100 * MINUTE; at += 1000) total = window.growth(at, at / 1000);
  t.is(total, 60);
});

test('a counter that went back counts from zero rather than below', (t) => {
  const window = counterWindow(MINUTE, { at: 0, total: 0 });
  window.growth(1000, 50);
  t.is(window.growth(2000, 3), 3);
});
