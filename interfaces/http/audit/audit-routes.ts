import Router from '@koa/router';
import { z } from 'zod';
import {
  type AuditEventLog,
  type AuditLogEntry,
  type AuditLogQueries,
  type EventReference,
  type StreamPoint,
  parseActorFilter,
  streamStateFolder,
} from '../../../application/audit/index.ts';
import type { EventStore, RecordedEvent } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { requireRole } from '../auth/index.ts';
import { parseRequest } from '../request-input.ts';

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

const streamNotFound = (stream: string) =>
  new DomainError('AUDIT.STREAM_NOT_FOUND', `The stream ${stream} has no events`);

/**
 * `/api/v1/audit` (every signed-in role): the audit log filtered and paged newest first, one stream's history
 * with its data, and a stream's state folded up to a time or position. Positions are strings (64-bit).
 */
export function auditRoutes(deps: AuditRoutesDeps): Router {
  const router = new Router({ prefix: '/audit' });
  router.use(requireRole('viewer', 'operator', 'admin'));

  router.get('/', async (ctx) => {
    const { query } = parseRequest(ctx, { query: ListQuery });
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
  });

  // The stream's events in revision order, with their data; the cursor is the next revision to read.
  router.get('/streams/:stream', async (ctx) => {
    const { params, query } = parseRequest(ctx, { params: StreamParams, query: StreamQuery });
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
      items: items.map(eventJson),
      nextCursor: next ? encodeCursor(next.revision) : null,
    };
  });

  router.get('/streams/:stream/state', async (ctx) => {
    const { params, query } = parseRequest(ctx, { params: StreamParams, query: StateQuery });
    const folder = streamStateFolder(params.stream);
    for await (const page of deps.eventLog.streamPages(params.stream, query.at)) folder.apply(page);
    const result = folder.result();
    if (result.eventCount === 0) throw streamNotFound(params.stream);
    ctx.body = {
      ...result,
      at: query.at === undefined ? null : 'position' in query.at ? String(query.at.position) : query.at.time,
      firstEvent: referenceJson(result.firstEvent),
      lastEvent: referenceJson(result.lastEvent),
    };
  });

  return router;
}
