import type pg from 'pg';
import type {
  AuditEventLog,
  AuditFilter,
  AuditPageOptions,
  StreamPoint,
} from '../../application/audit/index.ts';
import type { Checkpoint, RecordedEvent, Upcaster } from '../../application/ports/index.ts';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from '../event-store/postgres/event-row.ts';
import { readHorizon } from '../event-store/postgres/read-horizon.ts';
import { auditFilterSql } from './audit-filter-sql.ts';

export interface PostgresAuditEventLogOptions {
  readonly pool: pg.Pool;
  readonly upcasters?: readonly Upcaster[];
}

const DEFAULT_PAGE_SIZE = 500;

/**
 * The readable part of the log, as every reader of `es.events` sees it: below a horizon read by an earlier
 * statement (read-horizon.ts). `$1` holds the horizon in every query that uses it.
 */
const READABLE = 'transaction_id < $1::xid8';

/**
 * {@link AuditEventLog} straight on `es.events`: filters in SQL, keyset pages on (transaction_id, position).
 * Actor, correlation and time filters read the metadata JSON with no index of their own (the audit read model
 * `core.audit_log` has them); over a very large log a selective filter scans, page by page. An expression index
 * (`(metadata->'actor'->>'id')`, `(metadata->>'correlationId')`) would serve them once that matters.
 */
export function createPostgresAuditEventLog(options: PostgresAuditEventLogOptions): AuditEventLog {
  const { pool, upcasters = [] } = options;
  const toEvent = (row: EventRow): RecordedEvent => toRecordedEvent(row, upcasters);

  const horizon = async (): Promise<string> => String((await readHorizon(pool)).below);

  const head = async (): Promise<Checkpoint | null> => {
    const { rows } = await pool.query<Pick<EventRow, 'transaction_id' | 'position'>>(
      `select transaction_id, position from es.events where ${READABLE}
       order by transaction_id desc, position desc limit 1`,
      [await horizon()],
    );
    const row = rows[0];
    return row ? { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) } : null;
  };

  async function* pages(
    filter: AuditFilter,
    pageOptions: AuditPageOptions = {},
  ): AsyncGenerator<RecordedEvent[]> {
    const pageSize = pageOptions.pageSize ?? DEFAULT_PAGE_SIZE;
    const upTo = pageOptions.upTo === undefined ? await head() : pageOptions.upTo;
    if (!upTo) return;
    // One horizon for every page: an older horizon stays safe, only more cautious.
    const below = await horizon();
    let remaining = pageOptions.limit ?? Number.POSITIVE_INFINITY;
    let after: Checkpoint = { transactionId: 0n, position: 0n };
    while (remaining > 0) {
      const params: unknown[] = [
        below,
        String(after.transactionId),
        String(after.position),
        String(upTo.transactionId),
        String(upTo.position),
      ];
      const where = auditFilterSql(filter, params);
      params.push(Math.min(pageSize, remaining));
      const { rows } = await pool.query<EventRow>(
        `select ${EVENT_COLUMNS} from es.events
         where (transaction_id, position) > ($2::xid8, $3::bigint)
           and (transaction_id, position) <= ($4::xid8, $5::bigint)
           and ${READABLE} ${where}
         order by transaction_id, position
         limit $${params.length}`,
        params,
      );
      const page = rows.map(toEvent);
      const last = page.at(-1);
      if (!last) return;
      yield page;
      remaining -= page.length;
      after = last.checkpoint;
      if (page.length < pageSize) return;
    }
  }

  const last = async (filter: AuditFilter, count: number, upTo: Checkpoint): Promise<RecordedEvent[]> => {
    const params: unknown[] = [await horizon(), String(upTo.transactionId), String(upTo.position)];
    const where = auditFilterSql(filter, params);
    params.push(count);
    const { rows } = await pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from es.events
       where (transaction_id, position) <= ($2::xid8, $3::bigint) and ${READABLE} ${where}
       order by transaction_id desc, position desc
       limit $${params.length}`,
      params,
    );
    return rows.map(toEvent).reverse();
  };

  const findOne = async (column: 'event_id' | 'position', value: string): Promise<RecordedEvent | null> => {
    const { rows } = await pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from es.events where ${column} = $1`,
      [value],
    );
    const row = rows[0];
    return row ? toEvent(row) : null;
  };

  async function* streamPages(
    streamId: string,
    until?: StreamPoint,
    pageSize = DEFAULT_PAGE_SIZE,
  ): AsyncGenerator<RecordedEvent[]> {
    // Revision order, not log order: the fold must see the stream as its deciders did.
    let after = -1;
    for (;;) {
      const params: unknown[] = [streamId, after, pageSize];
      let bound = '';
      if (until && 'position' in until) {
        params.push(String(until.position));
        bound = `and position <= $${params.length}::bigint`;
      } else if (until) {
        params.push(until.time.toISOString());
        bound = `and (metadata->>'occurredAt')::timestamptz <= $${params.length}::timestamptz`;
      }
      const { rows } = await pool.query<EventRow>(
        `select ${EVENT_COLUMNS} from es.events
         where stream_id = $1 and revision > $2 ${bound}
         order by revision
         limit $3`,
        params,
      );
      const page = rows.map(toEvent);
      const last = page.at(-1);
      if (!last) return;
      yield page;
      after = last.revision;
      if (page.length < pageSize) return;
    }
  }

  return {
    head,
    pages,
    last,
    findById: (eventId) => findOne('event_id', eventId),
    findByPosition: (position) => findOne('position', String(position)),
    streamPages,
  };
}
