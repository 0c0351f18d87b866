import type pg from 'pg';
import type { AppliedChange, ChangePath } from './otrs-changes.ts';

/** Where a change's latency went: OTRS change → ticket event recorded (the feed) → card row in the outbox. */
export interface StageFigures {
  readonly feedMs: Readonly<Record<ChangePath, number[]>>;
  readonly reactorMs: Readonly<Record<ChangePath, number[]>>;
  /** TBot's pipeline: change → its card row in the outbox (ready to send), by path. */
  readonly pipelineMs: Readonly<Record<ChangePath, number[]>>;
  /** Each change's card row's time, epoch ms, by the change's `seq` (changes without one left out). */
  readonly readyAtBySeq: ReadonlyMap<number, number>;
}

/** Wall-clock ms of each ticket's rows of `sql` (ticket id, epoch ms), sorted. */
async function timesByTicket(pool: pg.Pool, sql: string, fromWallMs: number): Promise<Map<number, number[]>> {
  const { rows } = await pool.query<{ ticket_id: number; at: number }>(sql, [fromWallMs]);
  const byTicket = new Map<number, number[]>();
  for (const row of rows) byTicket.set(row.ticket_id, [...(byTicket.get(row.ticket_id) ?? []), row.at]);
  for (const times of byTicket.values()) times.sort((a, b) => a - b);
  return byTicket;
}

/**
 * Each change's stages from the database: its `TicketPriorityChanged` (the first recorded after the change)
 * and the first card row of its ticket written after that event. The database's clock is this machine's;
 * `toWallMs` turns a change's `performance.now()` into epoch ms.
 */
export async function stageFigures(
  pool: pg.Pool,
  changes: readonly AppliedChange[],
  fromWallMs: number,
  toWallMs: (at: number) => number,
): Promise<StageFigures> {
  const events = await timesByTicket(
    pool,
    `select substring(stream_id from 13)::int as ticket_id, extract(epoch from recorded_at)::float8 * 1000 as at
       from es.events
      where type = 'TicketPriorityChanged' and stream_id like 'otrs-ticket-%'
        and recorded_at >= to_timestamp($1::float8 / 1000)`,
    fromWallMs,
  );
  const rows = await timesByTicket(
    pool,
    `select (params->>'ticketId')::int as ticket_id, extract(epoch from created_at)::float8 * 1000 as at
       from notifications.outbox
      where kind = 'otrs.ticketCard' and created_at >= to_timestamp($1::float8 / 1000)`,
    fromWallMs,
  );
  const feedMs: Record<ChangePath, number[]> = { webhook: [], poll: [] };
  const reactorMs: Record<ChangePath, number[]> = { webhook: [], poll: [] };
  const pipelineMs: Record<ChangePath, number[]> = { webhook: [], poll: [] };
  const readyAtBySeq = new Map<number, number>();
  for (const change of changes) {
    const changedAt = toWallMs(change.appliedAt);
    // A few ms of slack: PostgreSQL's now() is its transaction's start.
    const event = events.get(change.ticket.id)?.find((at) => at >= changedAt - 50);
    if (event === undefined) continue;
    feedMs[change.path].push(event - changedAt);
    const row = rows.get(change.ticket.id)?.find((at) => at >= event - 50);
    if (row === undefined) continue;
    reactorMs[change.path].push(row - event);
    pipelineMs[change.path].push(row - changedAt);
    readyAtBySeq.set(change.seq, row);
  }
  return { feedMs, reactorMs, pipelineMs, readyAtBySeq };
}
