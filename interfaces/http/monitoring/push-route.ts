import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { z } from 'zod';
import type { PushReceiver } from '../../../application/monitoring/scheduler/index.ts';
import type { RateLimiter } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { type ApiFeature, apiFeature } from '../api/index.ts';
import { HttpProblem } from '../problem.ts';

/** A push token as `newPushToken` makes it (43 base64url characters), with room for other lengths. */
const Params = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });
const Pushed = z.object({ ok: z.literal(true) });

export interface PushRouteDeps {
  readonly receiver: PushReceiver;
  /** Pushes per token per window, on top of the API's budget per address (a looping cron job). */
  readonly perToken: RateLimiter;
}

/**
 * `GET|POST /api/v1/monitoring/push/:token`: a cron job or a backup script says it ran. No sign-in: the token
 * is the credential (only its digest is stored, and it is never logged). An unknown token is 404 and writes
 * nothing; a known one records an up for its check's current slot.
 */
export function pushRoutes(deps: PushRouteDeps): ApiFeature {
  const push = apiFeature('/monitoring/push', 'Monitoring');
  const spec = {
    summary: 'Heartbeat of a push check',
    description:
      'Records that the job behind a push check ran: up for its current interval. No call within an interval is down.',
    access: 'public',
    request: { params: Params },
    responses: { 200: { description: 'Recorded', schema: Pushed } },
  } as const;
  const handle = async (ctx: Context, token: string) => {
    // Budgeted by the token's digest: the token itself never reaches Redis or a log.
    const digest = createHash('sha256').update(token).digest('hex');
    const decision = await deps.perToken.consume(digest);
    if (!decision.allowed) {
      const retry = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
      throw new HttpProblem({
        status: 429,
        code: 'HTTP.TOO_MANY_REQUESTS',
        detail: `More than ${decision.limit} pushes in ${deps.perToken.durationSeconds} s for this check`,
        headers: { 'Retry-After': retry },
      });
    }
    const outcome = await deps.receiver.receive(token);
    if (outcome === 'unknown') throw new DomainError('CHECK.NOT_FOUND', 'No push check has this token');
    ctx.body = { ok: true };
  };
  push.get('/:token', spec, (ctx, { params }) => handle(ctx, params.token));
  push.post('/:token', spec, (ctx, { params }) => handle(ctx, params.token));
  return push.feature;
}
