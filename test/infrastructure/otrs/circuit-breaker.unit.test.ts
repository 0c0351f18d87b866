import test from 'ava';
import { createCircuitBreaker } from '../../../infrastructure/otrs/index.ts';

function breaker() {
  let now = 0;
  const changes: string[] = [];
  const cb = createCircuitBreaker({
    failureThreshold: 3,
    openMs: 1000,
    now: () => now,
    onChange: (s) => changes.push(s),
  });
  return { cb, changes, advance: (ms: number) => (now += ms) };
}

test('opens after the threshold of failures in a row, not before', (t) => {
  const { cb, changes } = breaker();
  cb.failed();
  cb.failed();
  t.true(cb.tryAcquire());
  cb.failed();
  t.is(cb.state(), 'open');
  t.false(cb.tryAcquire());
  t.deepEqual(changes, ['open']);
});

test('a success between failures starts the count again', (t) => {
  const { cb } = breaker();
  cb.failed();
  cb.failed();
  cb.succeeded();
  cb.failed();
  cb.failed();
  t.is(cb.state(), 'closed');
});

test('after the cool-down one probe goes through; its success closes the circuit', (t) => {
  const { cb, changes, advance } = breaker();
  for (let i = 0; i < 3; i += 1) cb.failed();
  advance(999);
  t.false(cb.tryAcquire());
  advance(1);
  t.is(cb.state(), 'half-open');
  t.true(cb.tryAcquire());
  t.false(cb.tryAcquire(), 'a second caller waits for the probe');
  cb.succeeded();
  t.is(cb.state(), 'closed');
  t.true(cb.tryAcquire());
  t.deepEqual(changes, ['open', 'closed']);
});

test('a failed probe opens the circuit for another cool-down', (t) => {
  const { cb, advance } = breaker();
  for (let i = 0; i < 3; i += 1) cb.failed();
  advance(1000);
  t.true(cb.tryAcquire());
  cb.failed();
  t.is(cb.state(), 'open');
  advance(500);
  t.false(cb.tryAcquire());
  advance(500);
  t.true(cb.tryAcquire());
});
