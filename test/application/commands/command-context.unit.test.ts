import test from 'ava';
import { commandContext, handleOptions } from '../../../application/commands/index.ts';
import type { Actor } from '../../../domain/shared/index.ts';

const actor: Actor = { kind: 'admin', id: 'u1', name: 'alice' };
const occurredAt = new Date('2026-03-01T10:00:00.000Z');

test('a root command is its own cause, accepted at the given instant', (t) => {
  t.deepEqual(commandContext({ actor, source: 'http', correlationId: 'req-1', occurredAt }), {
    metadata: {
      actor,
      correlationId: 'req-1',
      causationId: 'req-1',
      source: 'http',
      occurredAt: '2026-03-01T10:00:00.000Z',
    },
  });
});

test('the reason goes into the metadata and the idempotency key beside it', (t) => {
  const context = commandContext({
    actor,
    source: 'cli',
    correlationId: 'c-1',
    occurredAt,
    reason: 'asked to be forgotten',
    idempotencyKey: 'http:users:u1:k:n',
  });
  t.is(context.metadata.reason, 'asked to be forgotten');
  t.is(context.idempotencyKey, 'http:users:u1:k:n');
});

test('no reason and no key leave no such properties (not even undefined ones)', (t) => {
  const context = commandContext({ actor, source: 'system', correlationId: 'c-2', occurredAt });
  t.false('reason' in context.metadata);
  t.false('idempotencyKey' in context);
});

test('handle options carry the key, suffixed by the part of a command with several appends', (t) => {
  const keyed = commandContext({
    actor,
    source: 'telegram',
    correlationId: 'k',
    occurredAt,
    idempotencyKey: 'telegram:7:42',
  });
  t.deepEqual(handleOptions(keyed), { idempotencyKey: 'telegram:7:42' });
  t.deepEqual(handleOptions(keyed, 'register'), { idempotencyKey: 'telegram:7:42:register' });
  const unkeyed = commandContext({ actor, source: 'http', correlationId: 'r', occurredAt });
  t.deepEqual(handleOptions(unkeyed), {});
  t.deepEqual(handleOptions(unkeyed, 'register'), {});
});
