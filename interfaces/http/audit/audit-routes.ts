import { z } from 'zod';
import {
  type AuditEventLog,
  type AuditLogEntry,
  type AuditLogQueries,
  type EventReference,
  type StreamPoint,
  parseActorFilter,
  redactEvent,
  redactedAuditEventLog,
  streamEvolvers,
  streamStateFolder,
} from '../../../application/audit/index.ts';
import type { EventStore, RecordedEvent } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { currentUser } from '../auth/auth-state.ts';

export interface AuditRoutesDeps {
  /** The audit read model (`core.audit_log`). */
  readonly queries: AuditLogQueries;
  /** The event store: one stream's history with its data. */
  readonly eventStore: EventStore;
  /** The log as investigators read it: a stream up to a time or position, for its state then. */
  readonly eventLog: AuditEventLog;
}

export const AUDIT_DEFAULT_LIMIT = 50;
export const AUDIT_MAX_LIMIT = 200;

/** Opaque cursors: base64url of `{"k":...}` (a position for the log, a revision for a stream). */
export function encodeCursor(key: bigint | number): string {
  return Buffer.from(JSON.stringify({ k: String(key) }), 'utf8').toString('base64url');
}

function decodeCursor(text: string): string | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || !('k' in value)) return null;
    const key = value.k;
    return typeof key === 'string' && /^\d{1,19}$/.test(key) ? key : null;
  } catch {
    return null;
  }
}

const Cursor = z
  .string()
  .max(200)
  .transform((text, ctx) => {
    const key = decodeCursor(text);
    if (key === null) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave' });
      return z.NEVER;
    }
    return BigInt(key);
  });
const Limit = z.coerce.number().int().min(1).max(AUDIT_MAX_LIMIT).default(AUDIT_DEFAULT_LIMIT);
const Time = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
const Text = z.string().min(1).max(200);
const EventTypes = z
  .string()
  .max(2000)
  .transform((text) => text.split(',').map((type) => type.trim()))
  .pipe(z.array(z.string().min(1).max(200)).min(1).max(50));

const ListQuery = z
  .strictObject({
    actor: Text.optional(),
    stream: Text.optional(),
    type: EventTypes.optional(),
    since: Time.optional(),
    until: Time.optional(),
    correlationId: Text.optional(),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .refine((q) => !q.since || !q.until || q.since < q.until, {
    message: 'since must be before until',
    path: ['until'],
  });

const StreamParams = z.strictObject({ stream: Text });
const StreamQuery = z.strictObject({ cursor: Cursor.optional(), limit: Limit });
const StateQuery = z.strictObject({
  at: z
    .union([
      z
        .string()
        .regex(/^\d{1,19}$/)
        .transform((text): StreamPoint => ({ position: BigInt(text) })),
      Time.transform((time): StreamPoint => ({ time })),
    ])
    .optional(),
});

const EVERY_ROLE = ['viewer', 'operator', 'admin'] as const;
const Json = z.record(z.string(), z.unknown());
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const AuditEntry = z.object({
  position: z.string().describe('Log position (64-bit, as a string)'),
  occurredAt: z.string(),
  recordedAt: z.string(),
  stream: z.string(),
  type: z.string(),
  actor: z.object({
    kind: z.string(),
    id: z.string(),
    name: z.string().nullable().describe('null once the person (a web-admin or Telegram user) is forgotten'),
  }),
  correlationId: z.string(),
  causationId: z.string(),
  source: z.string(),
  reason: z.string().nullable(),
  summary: z.string(),
});
const StreamEvent = z.object({
  position: z.string(),
  revision: z.number().int(),
  eventId: z.uuid(),
  type: z.string(),
  schemaVersion: z.number().int(),
  recordedAt: z.string(),
  metadata: Json,
  data: Json,
});
const EventRef = z.object({
  position: z.string(),
  revision: z.number().int(),
  type: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  actor: z.string().describe('kind:id'),
});
const StreamState = z.object({
  streamId: z.string(),
  evolver: z.object({ name: z.string(), description: z.string(), generic: z.boolean() }),
  state: z.unknown(),
  eventCount: z.number().int(),
  at: z.string().nullable(),
  firstEvent: EventRef.nullable(),
  lastEvent: EventRef.nullable(),
});

const entryJson = (entry: AuditLogEntry) => ({ ...entry, position: String(entry.position) });

const eventJson = (event: RecordedEvent) => ({
  position: String(event.position),
  revision: event.revision,
  eventId: event.eventId,
  type: event.type,
  schemaVersion: event.schemaVersion,
  recordedAt: event.recordedAt.toISOString(),
  metadata: event.metadata,
  data: event.data,
});

const referenceJson = (reference: EventReference | null) =>
  reference && {
    ...reference,
    position: String(reference.position),
    recordedAt: reference.recordedAt.toISOString(),
  };

// What the routes below promise of event data; the OpenAPI document and the README repeat it.
const REDACTION_NOTE =
  'Event data is redacted for the reader: secrets (password hashes, token digests, session ids, secret ' +
  'settings) are never shown, to any role, as `"[redacted]"`; Telegram profiles, chat titles, error texts and ' +
  "database URLs are shown to admins only. Employees' data and web-admin user names (every audit entry names " +
  'its actor) are shown to every role.';

const streamNotFound = (stream: string) =>
  new DomainError('AUDIT.STREAM_NOT_FOUND', `The stream ${stream} has no events`);

/**
 * `/api/v1/audit` (every signed-in role): the audit log filtered and paged newest first, one stream's history
 * with its data, and a stream's state folded up to a time or position. Positions are strings (64-bit). Event
 * data passes through the redaction for the reader's role (`EVENT_DATA_REDACTIONS`) before it is answered.
 */
export function auditRoutes(deps: AuditRoutesDeps): ApiFeature {
  const audit = apiFeature('/audit', 'Audit');

  audit.get(
    '/',
    {
      summary: 'The audit log, newest first',
      description:
        '`actor` is `kind:id`, `kind:` or an id; `type` a comma-separated list of event types; the cursor ' +
        'of one page (`nextCursor`) gives the next.',
      access: EVERY_ROLE,
      request: { query: ListQuery },
      responses: { 200: { description: 'A page of entries', schema: page(AuditEntry) } },
    },
    async (ctx, { query }) => {
      const page = await deps.queries.list({
        filter: {
          ...(query.actor === undefined ? {} : { actor: parseActorFilter(query.actor) }),
          ...(query.stream === undefined ? {} : { streamId: query.stream }),
          ...(query.type === undefined ? {} : { eventTypes: query.type }),
          ...(query.since === undefined ? {} : { since: query.since }),
          ...(query.until === undefined ? {} : { until: query.until }),
          ...(query.correlationId === undefined ? {} : { correlationId: query.correlationId }),
        },
        ...(query.cursor === undefined ? {} : { beforePosition: query.cursor }),
        limit: query.limit,
      });
      ctx.body = {
        items: page.items.map(entryJson),
        nextCursor: page.nextBefore === null ? null : encodeCursor(page.nextBefore),
      };
    },
  );

  audit.get(
    '/streams/:stream',
    {
      summary: 'The history of one thing: its stream, oldest first, with the data of each event',
      description: REDACTION_NOTE,
      access: EVERY_ROLE,
      request: { params: StreamParams, query: StreamQuery },
      responses: {
        200: { description: 'A page of events', schema: page(StreamEvent).extend({ stream: z.string() }) },
      },
    },
    async (ctx, { params, query }) => {
      const { role } = currentUser(ctx);
      const fromRevision = Number(query.cursor ?? 0n);
      const events = await deps.eventStore.readStream(params.stream, {
        fromRevision,
        maxCount: query.limit + 1,
      });
      if (events.length === 0 && fromRevision === 0) throw streamNotFound(params.stream);
      const items = events.slice(0, query.limit);
      const next = events[query.limit];
      ctx.body = {
        stream: params.stream,
        items: items.map((event) => eventJson(redactEvent(event, role))),
        nextCursor: next ? encodeCursor(next.revision) : null,
      };
    },
  );

  audit.get(
    '/streams/:stream/state',
    {
      summary: 'The state of one thing folded up to a moment',
      description: `\`at\` is an ISO time or a log position; without it, the state now. ${REDACTION_NOTE}`,
      access: EVERY_ROLE,
      request: { params: StreamParams, query: StateQuery },
      responses: { 200: { description: 'The state and the events it was folded from', schema: StreamState } },
    },
    async (ctx, { params, query }) => {
      const { role } = currentUser(ctx);
      const folder = streamStateFolder(params.stream, streamEvolvers, role);
      const eventLog = redactedAuditEventLog(deps.eventLog, role);
      for await (const page of eventLog.streamPages(params.stream, query.at)) folder.apply(page);
      const result = folder.result();
      if (result.eventCount === 0) throw streamNotFound(params.stream);
      ctx.body = {
        ...result,
        at:
          query.at === undefined ? null : 'position' in query.at ? String(query.at.position) : query.at.time,
        firstEvent: referenceJson(result.firstEvent),
        lastEvent: referenceJson(result.lastEvent),
      };
    },
  );

  return audit.feature;
}

/** The list's and a stream's queries, for the web admin's audit pages: the same filters, bounds and cursors. */
export { ListQuery as AuditListQuery, StreamQuery as AuditStreamQuery };
