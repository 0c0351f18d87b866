import { randomUUID } from 'node:crypto';
import type {
  AppendManyResult,
  AppendResult,
  ExpectedRevision,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
} from '../../application/ports/index.ts';
import { WrongExpectedRevisionError } from '../../application/ports/index.ts';

interface AppendManyDeps {
  readonly readStream: (streamId: string, options?: ReadStreamOptions) => Promise<RecordedEvent[]>;
  readonly write: (
    streamId: string,
    events: readonly NewEvent[],
    ids: readonly string[],
    expected: ExpectedRevision,
  ) => Promise<number>;
  readonly resultAt: (streamId: string, revision: number, duplicate: boolean) => Promise<AppendResult>;
}

/** Stream heads read at once while checking a multi-stream append. */
const CHECK_CONCURRENCY = 16;

function holds(expected: ExpectedRevision, actual: number | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'stream_exists') return actual !== 'no_stream';
  return actual === expected;
}

/**
 * `appendMany` on EventStoreDB, which has no multi-stream transaction: every stream's expected revision is
 * checked first (nothing is written when one fails), then the streams are appended one by one in the order
 * given, each with its expected revision. A writer racing in between can make a later stream conflict after
 * earlier ones were written: each stream is whole, the set is not (the port's contract says so; the import,
 * which re-plans from the streams as they are, finishes when run again).
 */
export function makeEsdbAppendMany(deps: AppendManyDeps) {
  const revisionOf = async (streamId: string): Promise<number | 'no_stream'> => {
    const [last] = await deps.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : 'no_stream';
  };

  return async (appends: readonly StreamAppend[]): Promise<AppendManyResult> => {
    if (appends.length === 0) return { streams: [], checkpoint: null };
    const seen = new Set<string>();
    for (const { streamId, events } of appends) {
      if (seen.has(streamId)) throw new RangeError(`Stream "${streamId}" appears twice in one appendMany`);
      if (events.length === 0) throw new RangeError(`Nothing to append to stream "${streamId}"`);
      seen.add(streamId);
    }
    const checked = appends.filter((a) => (a.expectedRevision ?? 'any') !== 'any');
    for (let i = 0; i < checked.length; i += CHECK_CONCURRENCY) {
      const slice = checked.slice(i, i + CHECK_CONCURRENCY);
      const actual = await Promise.all(slice.map((a) => revisionOf(a.streamId)));
      slice.forEach((a, j) => {
        const found = actual[j] ?? 'no_stream';
        const expected = a.expectedRevision ?? 'any';
        if (!holds(expected, found)) throw new WrongExpectedRevisionError(a.streamId, expected, found);
      });
    }
    const streams: { streamId: string; nextExpectedRevision: number }[] = [];
    for (const { streamId, events, expectedRevision = 'any' } of appends) {
      const ids = events.map((event) => event.eventId ?? randomUUID());
      const nextExpectedRevision = await deps.write(streamId, events, ids, expectedRevision);
      streams.push({ streamId, nextExpectedRevision });
    }
    const last = streams.at(-1);
    const checkpoint = last
      ? (await deps.resultAt(last.streamId, last.nextExpectedRevision, false)).checkpoint
      : null;
    return { streams, checkpoint };
  };
}
