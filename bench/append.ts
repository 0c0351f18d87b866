/**
 * Append throughput of the PostgreSQL event store against raw single-row INSERTs into an equivalent table,
 * in one run on one throwaway database: one-event commands at concurrency 1, 8 and 32, and 100-event batches
 * at concurrency 8. Target: at concurrency 32 the store reaches >= 0.7 of raw INSERT.
 *
 *   npm run bench:append           BENCH_SECONDS (default 5) per measurement, after a short warm-up;
 *                                  BENCH_DATABASE_URL names the server (default: the system PostgreSQL).
 *
 * The last line of stdout is one JSON object: c1, c8, c32 and raw_c32 in appends/s, batch100 in events/s.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { NewEvent } from '../application/ports/index.ts';
import { createPostgresEventStore } from '../infrastructure/event-store/index.ts';
import type { DatabaseHandle } from '../infrastructure/postgres/index.ts';
import type { BenchDatabase } from './support/bench-database.ts';
import { startBenchRun } from './support/bench-run.ts';
import { type Measurement, type Step, measure } from './support/measure.ts';
import { BENCH_EVENT_TYPE, eventData, eventMetadata } from './support/payloads.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';

const CONCURRENCIES = [1, 8, 32] as const;
const BATCH_SIZE = 100;
const BATCH_CONCURRENCY = 8;

function benchSeconds(): number {
  const raw = process.env['BENCH_SECONDS'];
  if (raw === undefined || raw === '') return 5;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 600) {
    throw new RangeError(`BENCH_SECONDS must be a number of seconds in (0, 600], not "${raw}"`);
  }
  return value;
}

interface Row {
  readonly name: string;
  readonly concurrency: number;
  readonly eventsPerAppend: number;
  readonly measurement: Measurement;
}

const appendsPerSecond = (row: Row) => row.measurement.perSecond;
const eventsPerSecond = (row: Row) => row.measurement.perSecond * row.eventsPerAppend;

/** One command's events: fresh data, and the command's metadata on each. */
function newEvents(count: number, from: number): NewEvent[] {
  const metadata = eventMetadata();
  return Array.from({ length: count }, (_, i) => ({
    type: BENCH_EVENT_TYPE,
    data: eventData(from + i),
    metadata,
  }));
}

const RAW_SCHEMA_SQL = [
  'create schema bench_raw',
  `create table bench_raw.events (
     position bigint generated always as identity primary key,
     transaction_id xid8 not null default pg_current_xact_id(),
     event_id uuid not null unique,
     stream_id text not null,
     revision bigint not null,
     type text not null,
     schema_version integer not null default 1,
     data jsonb not null,
     metadata jsonb not null,
     recorded_at timestamptz not null default now(),
     unique (stream_id, revision)
   )`,
  'create index events_transaction_position on bench_raw.events (transaction_id, position)',
];

const RAW_INSERT_SQL = `insert into bench_raw.events (event_id, stream_id, revision, type, schema_version, data, metadata)
  values ($1, $2, $3, $4, $5, $6, $7)`;

async function countRows(handle: DatabaseHandle, table: string, prefix: string): Promise<number> {
  const { rows } = await handle.pool.query<{ count: string }>(
    `select count(*) from ${table} where starts_with(stream_id, $1)`,
    [prefix],
  );
  return Number(rows[0]?.count ?? 0);
}

interface RunContext {
  readonly database: BenchDatabase;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly signal: AbortSignal;
  readonly runId: string;
}

/** N workers, each appending `eventsPerAppend` events per command to its own stream at its exact revision. */
async function benchStore(
  context: RunContext,
  name: string,
  concurrency: number,
  eventsPerAppend: number,
): Promise<Row> {
  const handle = context.database.open(concurrency);
  const store = createPostgresEventStore({ pool: handle.pool, url: context.database.url });
  const prefix = `bench-${context.runId}-${name}-`;
  try {
    const measurement = await measure(
      { concurrency, warmupMs: context.warmupMs, durationMs: context.durationMs, signal: context.signal },
      (worker): Step => {
        const streamId = `${prefix}${worker}`;
        let revision = -1; // the stream's last revision, as a command handler that loaded it knows it
        return async () => {
          const result = await store.append(streamId, newEvents(eventsPerAppend, revision + 1), {
            expectedRevision: revision < 0 ? 'no_stream' : revision,
          });
          revision += eventsPerAppend;
          if (result.nextExpectedRevision !== revision || result.duplicate) {
            throw new Error(
              `${streamId}: expected revision ${revision}, store says ${result.nextExpectedRevision}`,
            );
          }
        };
      },
    );
    const stored = await countRows(handle, 'es.events', prefix);
    if (stored !== measurement.totalOperations * eventsPerAppend) {
      throw new Error(
        `${name}: ${stored} events stored, ${measurement.totalOperations * eventsPerAppend} appended`,
      );
    }
    return { name, concurrency, eventsPerAppend, measurement };
  } finally {
    await store.close();
    await handle.close();
  }
}

/** The baseline: N workers, each an autocommit single-row INSERT of the same payload into bench_raw.events. */
async function benchRaw(context: RunContext, concurrency: number): Promise<Row> {
  const name = `raw insert c${concurrency}`;
  const handle = context.database.open(concurrency);
  const prefix = `bench-${context.runId}-raw-c${concurrency}-`;
  try {
    const measurement = await measure(
      { concurrency, warmupMs: context.warmupMs, durationMs: context.durationMs, signal: context.signal },
      (worker): Step => {
        const streamId = `${prefix}${worker}`;
        let revision = -1;
        return async () => {
          const [event] = newEvents(1, revision + 1);
          if (!event) throw new Error('no event');
          await handle.pool.query(RAW_INSERT_SQL, [
            randomUUID(),
            streamId,
            revision + 1,
            event.type,
            1,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
          ]);
          revision += 1;
        };
      },
    );
    const stored = await countRows(handle, 'bench_raw.events', prefix);
    if (stored !== measurement.totalOperations) {
      throw new Error(`${name}: ${stored} rows stored, ${measurement.totalOperations} inserted`);
    }
    return { name, concurrency, eventsPerAppend: 1, measurement };
  } finally {
    await handle.close();
  }
}

async function describeServer(database: BenchDatabase): Promise<string> {
  const handle = database.open(1);
  try {
    const { rows } = await handle.pool.query<{ version: string; sync: string; fsync: string }>(
      `select current_setting('server_version') as version, current_setting('synchronous_commit') as sync,
              current_setting('fsync') as fsync`,
    );
    const row = rows[0];
    return row ? `PostgreSQL ${row.version}, synchronous_commit=${row.sync}, fsync=${row.fsync}` : '?';
  } finally {
    await handle.close();
  }
}

async function createRawTable(database: BenchDatabase): Promise<void> {
  const handle = database.open(1);
  try {
    for (const statement of RAW_SCHEMA_SQL) await handle.pool.query(statement);
  } finally {
    await handle.close();
  }
}

function report(rows: readonly Row[], raw: ReadonlyMap<number, Row>): string {
  const body = rows.map((row) => {
    const rawRow = raw.get(row.concurrency);
    const isRaw = row.name.startsWith('raw');
    // Batches are compared by events/s (against raw at the same concurrency), single events by appends/s.
    const ratio =
      rawRow && !isRaw
        ? row.eventsPerAppend === 1
          ? appendsPerSecond(row) / appendsPerSecond(rawRow)
          : eventsPerSecond(row) / eventsPerSecond(rawRow)
        : Number.NaN;
    return [
      row.name,
      String(row.concurrency),
      formatInteger(appendsPerSecond(row)),
      formatInteger(eventsPerSecond(row)),
      formatFixed(row.measurement.p50Ms, 2),
      formatFixed(row.measurement.p99Ms, 2),
      isRaw ? '1.00' : formatFixed(ratio, 2) + (row.eventsPerAppend === 1 ? '' : ' (events/s)'),
    ];
  });
  return formatTable(
    [
      { header: 'name' },
      { header: 'conc', align: 'right' },
      { header: 'appends/s', align: 'right' },
      { header: 'events/s', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'vs raw' },
    ],
    body,
  );
}

async function main(): Promise<void> {
  const seconds = benchSeconds();
  const durationMs = Math.round(seconds * 1000);
  const warmupMs = Math.round(Math.min(1000, durationMs / 5));
  // Everything is bounded by fixed windows; the limit only catches a hung server or connection.
  const measurements = CONCURRENCIES.length * 2 + 1;
  const run = await startBenchRun('append', measurements * (durationMs + warmupMs) * 2 + 60_000);
  const { database } = run;

  try {
    const context: RunContext = {
      database,
      warmupMs,
      durationMs,
      signal: run.signal,
      runId: randomBytes(4).toString('hex'),
    };
    console.log(`bench:append on ${database.name}: ${await describeServer(database)}`);
    console.log(
      `${seconds} s per measurement after ${warmupMs / 1000} s warm-up; pool size = concurrency; ` +
        `event data ${Buffer.byteLength(JSON.stringify(eventData(0)))} B, ` +
        `metadata ${Buffer.byteLength(JSON.stringify(eventMetadata()))} B; ` +
        `batch${BATCH_SIZE} at concurrency ${BATCH_CONCURRENCY}`,
    );
    await createRawTable(database);

    const rows: Row[] = [];
    const raw = new Map<number, Row>();
    // A short pause before each measurement lets the previous pool's backends exit.
    const progress = async (name: string) => {
      process.stderr.write(`  measuring ${name} ...\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    // Raw and store alternate, so table growth and background work weigh on both alike.
    for (const concurrency of CONCURRENCIES) {
      await progress(`raw insert c${concurrency}`);
      const rawRow = await benchRaw(context, concurrency);
      raw.set(concurrency, rawRow);
      await progress(`append c${concurrency}`);
      rows.push(await benchStore(context, `append c${concurrency}`, concurrency, 1));
    }
    await progress(`append batch${BATCH_SIZE} c${BATCH_CONCURRENCY}`);
    const batch = await benchStore(context, `append batch${BATCH_SIZE}`, BATCH_CONCURRENCY, BATCH_SIZE);
    rows.push(batch);
    rows.push(...raw.values());

    const figure = (concurrency: number) => {
      const row = rows.find((r) => r.name === `append c${concurrency}`);
      if (!row) throw new Error(`no measurement at concurrency ${concurrency}`);
      return appendsPerSecond(row);
    };
    const rawC32 = raw.get(32);
    if (!rawC32) throw new Error('no raw measurement at concurrency 32');
    const ratioC32 = figure(32) / appendsPerSecond(rawC32);

    console.log('');
    console.log(report(rows, raw));
    console.log('');
    for (const concurrency of CONCURRENCIES) {
      const rawRow = raw.get(concurrency);
      if (!rawRow) continue;
      console.log(
        `c${concurrency}: ${formatInteger(figure(concurrency))} appends/s vs raw ${formatInteger(appendsPerSecond(rawRow))}` +
          ` = ${formatFixed(figure(concurrency) / appendsPerSecond(rawRow), 2)}`,
      );
    }
    console.log(
      `batch${BATCH_SIZE} (c${BATCH_CONCURRENCY}): ${formatInteger(eventsPerSecond(batch))} events/s ` +
        `(${formatInteger(appendsPerSecond(batch))} appends/s)`,
    );
    console.log(
      `target ratio_c32 >= 0.70: ${ratioC32 >= 0.7 ? 'met' : 'NOT met'} (${formatFixed(ratioC32, 2)})`,
    );
    console.log(
      JSON.stringify({
        bench: 'append',
        c1: Math.round(figure(1)),
        c8: Math.round(figure(8)),
        c32: Math.round(figure(32)),
        batch100: Math.round(eventsPerSecond(batch)),
        raw_c32: Math.round(appendsPerSecond(rawC32)),
        ratio_c32: Math.round(ratioC32 * 100) / 100,
      }),
    );
  } finally {
    await run.finish();
  }
}

main().catch((error: unknown) => {
  console.error('bench:append failed:', error);
  process.exitCode = 1;
});
