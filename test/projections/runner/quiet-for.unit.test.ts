import test from 'ava';
import { quietFor } from '../../../projections/runner/quiet-for.ts';

const never = new Promise<never>(() => undefined);

test('is quiet when nothing settles within the time', async (t) => {
  t.true(await quietFor(never, 5, new AbortController().signal));
});

test('is not quiet when the pending batch comes first, or fails first', async (t) => {
  const signal = new AbortController().signal;
  t.false(await quietFor(Promise.resolve('batch'), 1000, signal));
  const failing = Promise.reject(new Error('read failed'));
  t.false(await quietFor(failing, 1000, signal));
  await t.throwsAsync(failing, { message: 'read failed' });
});

test('is not quiet once the runner stops, before or while it waits', async (t) => {
  const stopped = new AbortController();
  stopped.abort();
  t.false(await quietFor(never, 5, stopped.signal));

  const stopping = new AbortController();
  const quiet = quietFor(never, 10_000, stopping.signal);
  stopping.abort();
  t.false(await quiet);
});
