import type { Context } from 'koa';
import type { EventMetadata } from '../../domain/shared/index.ts';
import { currentUser } from './auth/index.ts';
import { claimedIdempotencyKey } from './idempotency/index.ts';

/** What a write route hands its command: the event metadata and, when the caller sent one, its idempotency key. */
export interface HttpWrite {
  readonly metadata: EventMetadata;
  readonly idempotencyKey?: string;
}

/**
 * The metadata of a write by the signed-in user (the request id correlates it) and the caller's
 * `Idempotency-Key` as its route claimed it (`idempotent: true`, see `claimIdempotencyKey`): scoped to the
 * feature and the user so that two callers' keys never collide, and to the nonce of the key's first use so that
 * a key used again after it expired names a new command, whose derived event and entity ids are new too.
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
  const claimed = claimedIdempotencyKey(ctx);
  if (!claimed) return { metadata };
  return { metadata, idempotencyKey: `http:${scope}:${admin.id}:${claimed.key}:${claimed.nonce}` };
}
