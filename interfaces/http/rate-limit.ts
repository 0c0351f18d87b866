import type { Context, Middleware } from 'koa';
import type { Logger } from 'pino';
import type { RateLimitDecision, RateLimiter } from '../../application/ports/index.ts';
import { HttpProblem } from './problem.ts';

export interface ApiRateLimits {
  /** Every request counts against its client address. */
  readonly perIp: RateLimiter;
  /** An authenticated request (`ctx.state.user.id`) counts against its user too, across addresses. */
  readonly perUser: RateLimiter;
}

/**
 * The API rate limit: over either budget answers 429 with `Retry-After`; every answer carries the tighter
 * budget in `RateLimit-Limit`, `-Remaining`, `-Reset` (seconds) and `RateLimit-Policy`
 * (draft-ietf-httpapi-ratelimit-headers). Install it after authentication, which sets `ctx.state.user`.
 * Should both stores fail (Redis and its in-memory insurance), the request is let through and logged: the
 * limit protects the API, it must not take it down.
 */
export function rateLimit(limits: ApiRateLimits, logger: Logger): Middleware {
  return async (ctx, next) => {
    let spent: Spent;
    try {
      spent = await spend(limits, ctx);
    } catch (error) {
      logger.warn({ err: error }, 'rate limiter failed; request let through');
      await next();
      return;
    }
    const { decision, limiter } = spent;
    const resetSeconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
    ctx.set({
      'RateLimit-Limit': String(decision.limit),
      'RateLimit-Remaining': String(decision.remaining),
      'RateLimit-Reset': String(resetSeconds),
      'RateLimit-Policy': `${limiter.points};w=${limiter.durationSeconds}`,
    });
    if (!decision.allowed) {
      throw new HttpProblem({
        status: 429,
        code: 'HTTP.TOO_MANY_REQUESTS',
        detail: `More than ${decision.limit} requests in ${limiter.durationSeconds} s: retry in ${resetSeconds} s`,
        headers: { 'Retry-After': String(resetSeconds) },
      });
    }
    await next();
  };
}

interface Spent {
  readonly decision: RateLimitDecision;
  readonly limiter: RateLimiter;
}

/** Spends from the address's budget, then (unless refused already) the user's; returns the tighter. */
async function spend(limits: ApiRateLimits, ctx: Context): Promise<Spent> {
  const byIp: Spent = { decision: await limits.perIp.consume(ctx.ip), limiter: limits.perIp };
  const userId = (ctx.state as { user?: { id?: unknown } }).user?.id;
  if (!byIp.decision.allowed || (typeof userId !== 'string' && typeof userId !== 'number')) return byIp;
  const byUser: Spent = { decision: await limits.perUser.consume(String(userId)), limiter: limits.perUser };
  return !byUser.decision.allowed || byUser.decision.remaining < byIp.decision.remaining ? byUser : byIp;
}
