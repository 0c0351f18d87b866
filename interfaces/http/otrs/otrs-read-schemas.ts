import { z } from 'zod';
import type { UserRole } from '../../../domain/users/index.ts';
import type { TicketCursor } from '../../../projections/otrs/index.ts';
import { plainString } from '../plain-text-schema.ts';

/** Every signed-in role reads tickets and metrics (as they read the audit log, employees' data included). */
export const OTRS_READERS: readonly UserRole[] = ['viewer', 'operator', 'admin'];

/** Opaque keyset cursors: base64url of `{"c": created, "i": ticketId}`, as the audit API's are. */
export function encodeTicketCursor(cursor: TicketCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.created, i: cursor.ticketId }), 'utf8').toString('base64url');
}

function decodeTicketCursor(text: string): TicketCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || !('c' in value) || !('i' in value)) return null;
    const { c: created, i: ticketId } = value;
    if (typeof created !== 'string' || !z.iso.datetime().safeParse(created).success) return null;
    if (typeof ticketId !== 'number' || !Number.isSafeInteger(ticketId) || ticketId < 1) return null;
    return { created, ticketId };
  } catch {
    return null;
  }
}

const Cursor = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const cursor = decodeTicketCursor(text);
    if (cursor === null) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave' });
      return z.NEVER;
    }
    return cursor;
  });

const Time = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
const AgentId = z.coerce.number().int().min(1).max(2_147_483_647);

export const TicketsQuery = z.strictObject({
  queue: plainString().trim().min(1).max(200).optional(),
  owner: AgentId.optional().describe('An OTRS agent id (UserID)'),
  state: plainString().trim().min(1).max(200).optional(),
  olderThan: Time.optional().describe('Only tickets OTRS created before this time'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});

export const TicketParams = z.strictObject({ number: z.string().regex(/^\d{1,50}$/) });

/** At most a year a request: the figures are summed per request. */
export const MAX_METRICS_DAYS = 366;
const DAY_MS = 86_400_000;

export const MetricsQuery = z
  .strictObject({ from: Time.optional(), to: Time.optional() })
  .transform((query) => {
    const to = query.to ?? new Date();
    return { to, from: query.from ?? new Date(to.getTime() - 30 * DAY_MS) };
  })
  .refine((range) => range.from < range.to, { message: 'from must be before to', path: ['to'] })
  .refine((range) => range.to.getTime() - range.from.getTime() <= MAX_METRICS_DAYS * DAY_MS, {
    message: `at most ${MAX_METRICS_DAYS} days`,
    path: ['from'],
  });

const Named = z.object({ id: z.number().int(), name: z.string() });

export const Ticket = z.object({
  ticketId: z.number().int(),
  number: z.string(),
  title: z.string().nullable().describe('null once its customer is forgotten'),
  customer: z
    .object({ userId: z.string(), customerId: z.string().nullable(), name: z.string().nullable() })
    .nullable(),
  queue: Named,
  priority: Named,
  state: z.string(),
  stateType: z.string(),
  closed: z.boolean(),
  lock: z.enum(['lock', 'unlock', 'tmp_lock']),
  ownerId: z.number().int().nullable(),
  ownerLogin: z.string().nullable(),
  responsibleId: z.number().int().nullable(),
  responsibleLogin: z.string().nullable(),
  created: z.string(),
  changed: z.string(),
  escalations: z.object({
    firstResponse: z.string().nullable(),
    update: z.string().nullable(),
    solution: z.string().nullable(),
  }),
  latestArticle: z
    .object({
      articleId: z.number().int(),
      senderType: z.enum(['agent', 'customer', 'system']),
      visibleForCustomer: z.boolean(),
      excerpt: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
});

export const TicketPage = z.object({ items: z.array(Ticket), nextCursor: z.string().nullable() });

const Counts = {
  take: z.number().int(),
  note: z.number().int(),
  reassign: z.number().int(),
  close: z.number().int(),
};
const Duration = z.object({
  count: z.number().int(),
  averageSeconds: z.number().int().nullable(),
  maxSeconds: z.number().int().nullable(),
});

export const AgentMetrics = z.object({
  from: z.string(),
  to: z.string(),
  agents: z.array(
    z.object({
      agentId: z.number().int().nullable(),
      telegramUserId: z.number().int().nullable(),
      login: z.string().nullable(),
      actions: z.object(Counts),
      actionsByDay: z.array(z.object({ day: z.string(), ...Counts })),
      timeToTake: Duration,
      timeToClose: Duration,
    }),
  ),
});
