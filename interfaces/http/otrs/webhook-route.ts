import { timingSafeEqual } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Logger } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { trustedAddresses } from '../trusted-proxy.ts';

/** Where OTRS's Invoker posts: outside `/api/v1` (its own secret, no login), beside `/telegram/webhook`. */
export const OTRS_WEBHOOK_PATH = '/otrs/webhook';
/** The header the Invoker's REST transport sets (Znuny: "Additional request headers"). */
export const OTRS_WEBHOOK_SECRET_HEADER = 'x-tbot-webhook-secret';
/** Znuny's Ticket::Generic sends the whole ticket beside the event; it is not read, only bounded. */
export const OTRS_WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;
/** Where no `OTRS_WEBHOOK_ALLOW_FROM` is set: this host only. */
export const LOOPBACK_ONLY: readonly string[] = ['127.0.0.1', '::1'];
const RETRY_AFTER_SECONDS = '30';

const ticketId = z
  .union([z.number(), z.string().regex(/^[1-9]\d{0,15}$/)])
  .transform(Number)
  .refine((id) => Number.isSafeInteger(id) && id > 0, { error: 'must be a positive ticket id' });
const eventName = z
  .string()
  .regex(/^[A-Za-z][\w:.-]{0,99}$/)
  .optional();

/**
 * What the Invoker sends: Znuny's `Ticket::Generic` posts `{"Event": {"TicketID": …, …}, "Ticket": {…}}` (the
 * event's data, and the ticket as it was then); a plain mapping may send `{"TicketID": …}`. Only the id is
 * used: the ticket is read from OTRS with the service agent, so the body cannot make TBot record anything.
 */
const Payload = z.union([
  z
    .looseObject({ Event: z.looseObject({ TicketID: ticketId, Event: eventName }) })
    .transform((body) => body.Event.TicketID),
  z.looseObject({ TicketID: ticketId, Event: eventName }).transform((body) => body.TicketID),
]);

export interface OtrsWebhookOptions {
  /** `OTRS_WEBHOOK_SECRET`, compared in constant time. */
  readonly secret: string;
  /** `OTRS_WEBHOOK_ALLOW_FROM` (addresses, CIDR blocks) matched against the client address. */
  readonly allowFrom: readonly string[];
  /** Reads the ticket from OTRS and records what changed; the number of events appended. */
  readonly receive: (ticketId: number) => Promise<{ readonly events: number }>;
  readonly logger: Logger;
  /** Told what became of each call (for `tbot_otrs_webhook_calls_total`). */
  readonly onOutcome?: (outcome: WebhookOutcome) => void;
}

export type WebhookOutcome =
  'recorded' | 'forbidden' | 'unauthorized' | 'bad_request' | 'too_large' | 'unavailable';

const OUTCOME_OF_STATUS: Readonly<Record<number, WebhookOutcome>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'too_large',
};

const same = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The secret as OTRS's REST transport can send it: the header, or HTTP Basic auth with the secret as the
 * password (the authentication every OTRS version's Requester has; the user name is not checked).
 */
function givenSecret(ctx: Context): string | null {
  const header = ctx.get(OTRS_WEBHOOK_SECRET_HEADER);
  if (header !== '') return header;
  const basic = /^Basic ([A-Za-z0-9+/=]{1,1400})$/.exec(ctx.get('authorization'));
  if (!basic?.[1]) return null;
  const pair = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return colon < 0 ? null : pair.slice(colon + 1);
}

const isUnavailable = (error: unknown) =>
  error instanceof DomainError &&
  (error.code === 'OTRS.UNAVAILABLE' ||
    error.code === 'OTRS.AUTH_FAILED' ||
    error.code === 'OTRS.SESSION_EXPIRED');

/**
 * `POST /otrs/webhook`: OTRS says a ticket was created or changed (an Invoker on TicketCreate,
 * TicketStateUpdate, ArticleCreate, ...). A foreign address is 403, a missing or wrong secret 401, a body that
 * is not such a call 400 (or 413 over the limit): nothing is read or written, and the refusal is logged with
 * the source. A valid call reads the ticket (TicketGet) and records it before answering 200; OTRS unavailable
 * (the circuit open, or the service agent refused) is 503 with `Retry-After`, nothing written.
 */
export function otrsWebhookRoutes(options: OtrsWebhookOptions): Router {
  const router = new Router();
  const allowed = trustedAddresses(options.allowFrom.length > 0 ? options.allowFrom : LOOPBACK_ONLY);
  const parse = bodyParser({
    enableTypes: ['json'],
    jsonLimit: OTRS_WEBHOOK_BODY_LIMIT_BYTES,
    encoding: 'utf-8',
  });
  const { logger } = options;
  const outcome = (what: WebhookOutcome) => options.onOutcome?.(what);

  const refuse = (ctx: Context, status: number, reason: string) => {
    logger.warn({ source: ctx.ip, status, reason }, 'OTRS webhook call refused');
    outcome(OUTCOME_OF_STATUS[status] ?? 'bad_request');
    ctx.status = status;
    ctx.body = { ok: false, reason };
  };

  router.post(OTRS_WEBHOOK_PATH, async (ctx) => {
    if (!allowed(ctx.ip)) return refuse(ctx, 403, 'source address not allowed');
    const secret = givenSecret(ctx);
    if (secret === null || !same(secret, options.secret)) return refuse(ctx, 401, 'missing or wrong secret');
    try {
      await parse(ctx, () => Promise.resolve());
    } catch (error) {
      const tooLarge = (error as { status?: unknown } | null)?.status === 413;
      return refuse(ctx, tooLarge ? 413 : 400, tooLarge ? 'body too large' : 'body is not JSON');
    }
    const payload = Payload.safeParse(ctx.request.body);
    if (!payload.success) return refuse(ctx, 400, 'body names no TicketID');
    const id = payload.data;
    try {
      const { events } = await options.receive(id);
      outcome('recorded');
      ctx.status = 200;
      ctx.body = { ok: true, events };
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      logger.warn({ ticketId: id, code: (error as DomainError).code }, 'OTRS webhook: OTRS unavailable');
      outcome('unavailable');
      ctx.status = 503;
      ctx.set('Retry-After', RETRY_AFTER_SECONDS);
      ctx.body = { ok: false, reason: 'OTRS is unavailable, try later' };
    }
  });
  return router;
}
