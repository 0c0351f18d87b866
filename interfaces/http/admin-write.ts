import type { Context } from 'koa';
import { DomainError, type EventMetadata } from '../../domain/shared/index.ts';
import { currentUser } from './auth/index.ts';

const IDEMPOTENCY_KEY = /^[\w.:-]{1,128}$/;

/** What a write route hands its command: the event metadata and, when the caller sent one, its idempotency key. */
export interface HttpWrite {
  readonly metadata: EventMetadata;
  readonly idempotencyKey?: string;
}

/**
 * The metadata of a write by the signed-in user (the request id correlates it) and the caller's
 * `Idempotency-Key`, scoped to the feature and the user so that two callers' keys never collide.
 */
export function adminWrite(ctx: Context, scope: string): HttpWrite {
  const admin = currentUser(ctx);
  const requestId = String(ctx.state['requestId']);
  const metadata: EventMetadata = {
    actor: { kind: 'admin', id: admin.id, name: admin.username },
    correlationId: requestId,
    causationId: requestId,
    source: 'http',
    occurredAt: new Date().toISOString(),
  };
  const key = ctx.get('Idempotency-Key');
  if (key === '') return { metadata };
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new DomainError('HTTP.IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key: 1-128 letters, digits, . _ : -');
  }
  return { metadata, idempotencyKey: `http:${scope}:${admin.id}:${key}` };
}
