import type { Context, Middleware } from 'koa';
import type { IdempotencyKeys } from '../../../application/ports/index.ts';
import { currentUser } from '../auth/auth-state.ts';
import { HttpProblem } from '../problem.ts';
import { requestHash } from './request-hash.ts';

const IDEMPOTENCY_KEY = /^[\w.:-]{1,128}$/;
const KEYS = 'idempotencyKeys';
const CLAIM = 'idempotencyClaim';

/** Where the API keeps its `Idempotency-Key`s, and how long a key is bound to its first request. */
export interface IdempotencyKeyStore {
  readonly keys: IdempotencyKeys;
  readonly retentionDays: () => number;
  /** A failure to note a first use's status: logged, never the answer of a write that happened. */
  readonly onStatusError: (error: unknown) => void;
}

/** A claimed key, for `adminWrite`: the caller's key and the nonce of its first use. */
export interface ClaimedIdempotencyKey {
  readonly key: string;
  readonly nonce: string;
}

/** Hands the key store to the routes of the router it is installed on (read by {@link claimIdempotencyKey}). */
export function idempotencyKeyStore(store: IdempotencyKeyStore): Middleware {
  return async (ctx, next) => {
    ctx.state[KEYS] = store;
    await next();
  };
}

/**
 * Binds the request's `Idempotency-Key` to the request (method, route template, route params, query and
 * canonical body) before its route does anything: the same key for another request is refused with 422
 * `HTTP.IDEMPOTENCY_KEY_REUSED`, as Stripe does, and nothing happens; the same request again is handled under
 * its first use's nonce, so its command finds its first append and answers as the first time. Without a
 * header, nothing to do. Returns what to call with the answer's status, or `null`.
 */
export async function claimIdempotencyKey(
  ctx: Context,
  route: string,
): Promise<((status: number) => Promise<void>) | null> {
  const key = ctx.get('Idempotency-Key');
  if (key === '') return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new HttpProblem({
      status: 422,
      code: 'HTTP.IDEMPOTENCY_KEY_INVALID',
      detail: 'Idempotency-Key: 1-128 letters, digits, . _ : -',
    });
  }
  const user = currentUser(ctx);
  const hash = requestHash({
    method: ctx.method,
    route,
    params: (ctx.params as Record<string, string> | undefined) ?? {},
    query: ctx.query,
    body: ctx.request.body,
  });
  const store = ctx.state[KEYS] as IdempotencyKeyStore | undefined;
  if (!store) {
    // An app without a key store (a bench, a unit test): the key still never stands for another request.
    ctx.state[CLAIM] = { key, nonce: hash } satisfies ClaimedIdempotencyKey;
    return null;
  }
  const scoped = `${user.id}:${key}`;
  const claim = await store.keys.claim(scoped, hash, store.retentionDays());
  if (claim.outcome === 'reused') {
    throw new HttpProblem({
      status: 422,
      code: 'HTTP.IDEMPOTENCY_KEY_REUSED',
      detail:
        'This Idempotency-Key was used for another request (another route, target or body): ' +
        'send a new key for a new request',
    });
  }
  ctx.state[CLAIM] = { key, nonce: claim.nonce } satisfies ClaimedIdempotencyKey;
  if (claim.outcome === 'same') return null;
  return (status) => store.keys.recordStatus(scoped, claim.nonce, status).catch(store.onStatusError);
}

/** The key claimed for this request by {@link claimIdempotencyKey}, if any. */
export function claimedIdempotencyKey(ctx: Context): ClaimedIdempotencyKey | null {
  return (ctx.state[CLAIM] as ClaimedIdempotencyKey | undefined) ?? null;
}
