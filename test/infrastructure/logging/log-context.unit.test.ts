import test from 'ava';
import { currentLogContext, withLogContext } from '../../../infrastructure/logging/index.ts';

test('has no fields outside a context', (t) => {
  t.deepEqual(currentLogContext(), {});
});

test('returns what the function returns and lets an inner context override a field', (t) => {
  const result = withLogContext({ requestId: 'outer', actor: 'admin' }, () =>
    withLogContext({ requestId: 'inner' }, () => currentLogContext()),
  );
  t.deepEqual(result, { requestId: 'inner', actor: 'admin' });
  t.deepEqual(currentLogContext(), {});
});
