import type { Context } from 'koa';
import { type CommandContext, commandContext } from '../../application/commands/index.ts';
import { currentUser } from './auth/index.ts';
import { claimedIdempotencyKey } from './idempotency/index.ts';

/**
 * The metadata of a write by the signed-in user (the request id correlates it) and the caller's
 * `Idempotency-Key` as its route claimed it (`idempotent: true`, see `claimIdempotencyKey`): scoped to the
 * feature and the user so that two callers' keys never collide, and to the nonce of the key's first use so that
 * a key used again after it expired names a new command, whose derived event and entity ids are new too.
 */
export function adminWrite(ctx: Context, scope: string): CommandContext {
  const admin = currentUser(ctx);
  const claimed = claimedIdempotencyKey(ctx);
  return commandContext({
    actor: { kind: 'admin', id: admin.id, name: admin.username },
    source: 'http',
    correlationId: String(ctx.state['requestId']),
    occurredAt: new Date(),
    ...(claimed ? { idempotencyKey: `http:${scope}:${admin.id}:${claimed.key}:${claimed.nonce}` } : {}),
  });
}
