import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  type AppendManyResult,
  type StreamAppend,
  WrongExpectedRevisionError,
} from '../../../application/ports/index.ts';

interface StreamRow {
  stream_id: string;
  last_revision: string;
  last_position: string;
  transaction_id: string;
}

/** Raised by `es.append_streams` for a stream whose expected revision does not hold. */
const CONFLICT = 'ES409';

function conflictOf(error: unknown, appends: readonly StreamAppend[]): WrongExpectedRevisionError | null {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== CONFLICT)
    return null;
  const { detail, hint } = error as { detail?: string; hint?: string };
  const streamId = detail ?? '';
  const expected = appends.find((a) => a.streamId === streamId)?.expectedRevision ?? 'any';
  const actual = Number(hint);
  return new WrongExpectedRevisionError(streamId, expected, actual < 0 ? 'no_stream' : actual);
}

/**
 * The multi-stream append of the PostgreSQL store: one call of `es.append_streams` (one transaction, one round
 * trip) with every stream's events flattened into arrays. `onAppended` runs after the commit.
 */
export function makeAppendMany(pool: pg.Pool, onAppended: () => void) {
  return async (appends: readonly StreamAppend[]): Promise<AppendManyResult> => {
    if (appends.length === 0) return { streams: [], checkpoint: null };
    const seen = new Set<string>();
    for (const { streamId, events } of appends) {
      if (seen.has(streamId)) throw new RangeError(`Stream "${streamId}" appears twice in one appendMany`);
      if (events.length === 0) throw new RangeError(`Nothing to append to stream "${streamId}"`);
      seen.add(streamId);
    }
    const events = appends.flatMap((a) => a.events);
    let rows: StreamRow[];
    try {
      ({ rows } = await pool.query<StreamRow>(
        `select * from es.append_streams($1::text[], $2::text[], $3::integer[], $4::uuid[], $5::text[],
           $6::integer[], $7::jsonb[], $8::jsonb[])`,
        [
          appends.map((a) => a.streamId),
          appends.map((a) => String(a.expectedRevision ?? 'any')),
          appends.map((a) => a.events.length),
          events.map((e) => e.eventId ?? randomUUID()),
          events.map((e) => e.type),
          events.map((e) => e.schemaVersion ?? 1),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify(e.metadata)),
        ],
      ));
    } catch (error) {
      throw conflictOf(error, appends) ?? error;
    }
    onAppended();
    // One transaction, streams in order: the last stream's last event is the append's last position.
    const last = rows.at(-1);
    return {
      streams: rows.map((r) => ({ streamId: r.stream_id, nextExpectedRevision: Number(r.last_revision) })),
      checkpoint: last
        ? { transactionId: BigInt(last.transaction_id), position: BigInt(last.last_position) }
        : null,
    };
  };
}
