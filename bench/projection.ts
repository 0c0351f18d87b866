/**
 * Projection engine on one throwaway database: a rebuild of the audit read model from the whole log against
 * a baseline in the same run, and the freshness of a live projection under a steady append rate.
 *
 *   - rebuild: `rebuildProjection` of the audit projector over BENCH_EVENTS events (default 1,000,000, put in
 *     by SQL beforehand: setup, not measured), in events/s, with the process's peak RSS;
 *   - baseline: the same events read through the same `readAll`, in batches of the same size, each written by
 *     the audit projector's one multi-row INSERT into an equivalent table (same columns and indexes),
 *     autocommit: what is left is the engine's overhead (transactions, table swap);
 *   - freshness: a projection runner with the audit projector while BENCH_FRESHNESS_SECONDS (default 10) of
 *     single-event appends go in at BENCH_APPENDS_PER_S (default 500) on a fixed schedule: ms from the append
 *     call until the read model's checkpoint (committed with its rows) covers the event.
 *
 * Targets: rebuild >= 30,000 events/s and >= 0.5 of the baseline; freshness p99 < 100 ms.
 *
 *   npm run bench:projection       BENCH_DATABASE_URL names the server (default: the system PostgreSQL);
 *                                  BENCH_BATCH_SIZE (default 5000) events per rebuild batch.
 *
 * A CHECKPOINT before each phase keeps one phase's dirty pages out of the next one's numbers. The log is read
 * below a horizon held only by open appenders of this database (read-horizon.ts): other databases' work on a
 * shared server no longer delays it; the run reports the longest an appender was seen holding it.
 * Needs about 2 GB of disk per million events while it runs; the database is dropped at the end, also on error.
 * The last line of stdout is one JSON object (see `main`).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import {
  type Checkpoint,
  type EventStore,
  type Logger,
  compareCheckpoints,
} from '../application/ports/index.ts';
import { createPostgresEventStore, findHorizonHolder } from '../infrastructure/event-store/index.ts';
import { createMemoryLeaseManager } from '../infrastructure/leases/index.ts';
import { createPostgresProjectionStore } from '../infrastructure/projections/index.ts';
import {
  type ProjectionStore,
  type ProjectionTables,
  auditProjector,
  createProjectionRunner,
  quoteIdentifier,
  rebuildProjection,
} from '../projections/index.ts';
import type { BenchDatabase } from './support/bench-database.ts';
import { startBenchRun } from './support/bench-run.ts';
import { fillEvents } from './support/fill-events.ts';
import { BENCH_EVENT_TYPE, eventData, eventMetadata } from './support/payloads.ts';
import { type Distribution, distribution } from './support/percentiles.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';
import { maxRssBytes, megabytes, sampleRss } from './support/rss-sampler.ts';
import { numberFromEnv } from './support/env-numbers.ts';

const TARGET_EVENTS_PER_S = 30_000;
const TARGET_RATIO = 0.5;
const TARGET_FRESHNESS_P99_MS = 100;
/** The probe reads the read model's checkpoint this often: freshness is known to within about this. */
const PROBE_INTERVAL_MS = 2;
const FRESHNESS_WARMUP_MS = 1000;
/** How often the probe looks for an appender that holds the read horizon back. */
const HORIZON_CHECK_MS = 50;
/** More appends than this in flight means the store cannot keep the rate: stop rather than queue forever. */
const MAX_APPENDS_IN_FLIGHT = 200;
const BASELINE_SCHEMA = 'bench_baseline';

interface Settings {
  readonly events: number;
  readonly batchSize: number;
  readonly freshnessSeconds: number;
  readonly appendsPerSecond: number;
}

function settings(): Settings {
  return {
    events: Math.round(numberFromEnv('BENCH_EVENTS', 1_000_000, 1000, 20_000_000)),
    batchSize: Math.round(numberFromEnv('BENCH_BATCH_SIZE', 5000, 10, 100_000)),
    freshnessSeconds: numberFromEnv('BENCH_FRESHNESS_SECONDS', 10, 1, 600),
    appendsPerSecond: numberFromEnv('BENCH_APPENDS_PER_S', 500, 1, 5000),
  };
}

/** Warnings and errors of the runner go to stderr; its info lines would only drown the table. */
const stderrLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...args: unknown[]) => console.error('warn:', ...args),
  error: (...args: unknown[]) => console.error('error:', ...args),
};

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface PassResult {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
  /** Time inside `readAll` (query, row parsing, mapping) and inside the writes, in seconds. */
  readonly readSeconds: number;
  readonly writeSeconds: number;
  /** CPU time of this process (user + system): row parsing, mapping, summaries, parameter encoding. */
  readonly nodeCpuSeconds: number;
  readonly peakRssBytes: number;
  /** WAL the server wrote meanwhile (server-wide: other databases' writes count too). */
  readonly walBytes: number;
}

const eventsPerSecond = (pass: PassResult) => pass.events / pass.seconds;
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

async function walPosition(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
  return rows[0]?.lsn ?? '0/0';
}

async function walSince(pool: pg.Pool, from: string): Promise<number> {
  const { rows } = await pool.query<{ bytes: string }>(
    'select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint as bytes',
    [from],
  );
  return Number(rows[0]?.bytes ?? 0);
}

/**
 * Flushes what the previous phase left dirty (a CHECKPOINT), so that no phase pays for the one before it:
 * the fill's gigabyte would otherwise be written out during the rebuild, and the rebuild's during freshness.
 */
async function settle(database: BenchDatabase): Promise<void> {
  const handle = database.open(1);
  try {
    await handle.pool.query('checkpoint');
  } catch (error) {
    console.error('warn: could not CHECKPOINT between phases (needs pg_checkpoint or superuser):', error);
  } finally {
    await handle.close();
  }
}

/** The event store with the time spent in `readAll` added up. */
function timedReads(store: EventStore): { store: EventStore; readMs: () => number } {
  let readMs = 0;
  return {
    store: {
      ...store,
      async readAll(from, options) {
        const began = performance.now();
        try {
          return await store.readAll(from, options);
        } finally {
          readMs += performance.now() - began;
        }
      },
    },
    readMs: () => readMs,
  };
}

/** Exactly one row per event of the log: same count, and no event without its row (no gap, no duplicate). */
async function verifyOnePerEvent(pool: pg.Pool, table: string): Promise<number> {
  const { rows } = await pool.query<{ events: string; rows: string; missing: string }>(
    `select (select count(*) from es.events) as events,
            (select count(*) from ${table}) as rows,
            (select count(*) from es.events e where not exists (select 1 from ${table} a where a.position = e.position)) as missing`,
  );
  const row = rows[0];
  if (!row) throw new Error(`${table}: no counts`);
  if (row.rows !== row.events || row.missing !== '0') {
    throw new Error(`${table}: ${row.rows} rows for ${row.events} events, ${row.missing} events missing`);
  }
  return Number(row.rows);
}

async function benchRebuild(
  database: BenchDatabase,
  settings: Settings,
  signal: AbortSignal,
): Promise<PassResult> {
  const handle = database.open(4);
  const eventStore = createPostgresEventStore({ pool: handle.pool, url: database.url });
  try {
    const reads = timedReads(eventStore);
    const base = createPostgresProjectionStore(handle.pool);
    let writeMs = 0;
    const projectionStore: ProjectionStore = {
      ...base,
      async applyRebuildBatch(projector, events) {
        const began = performance.now();
        try {
          await base.applyRebuildBatch(projector, events);
        } finally {
          writeMs += performance.now() - began;
        }
      },
    };
    let reported = 0;
    const walBefore = await walPosition(handle.pool);
    const rss = sampleRss();
    const cpuBefore = process.cpuUsage();
    const began = performance.now();
    const result = await rebuildProjection({
      projector: auditProjector,
      eventStore: reads.store,
      projectionStore,
      batchSize: settings.batchSize,
      signal,
      onProgress: ({ eventsApplied }) => {
        if (eventsApplied - reported >= 250_000) {
          reported = eventsApplied;
          process.stderr.write(`  rebuild: ${formatInteger(eventsApplied)} events\n`);
        }
      },
    });
    const seconds = (performance.now() - began) / 1000;
    const nodeCpuSeconds = cpuSeconds(process.cpuUsage(cpuBefore));
    const peakRssBytes = Math.max(rss.stop(), maxRssBytes());
    const walBytes = await walSince(handle.pool, walBefore);
    const rows = await verifyOnePerEvent(handle.pool, 'core.audit_log');
    if (result.eventsApplied !== rows) {
      throw new Error(`rebuild applied ${result.eventsApplied} events, the read model has ${rows} rows`);
    }
    return {
      name: `rebuild (audit, batch ${settings.batchSize})`,
      events: result.eventsApplied,
      seconds,
      readSeconds: reads.readMs() / 1000,
      writeSeconds: writeMs / 1000,
      nodeCpuSeconds,
      peakRssBytes,
      walBytes,
    };
  } finally {
    await eventStore.close();
    await handle.close();
  }
}

/** The audit projector's tables, in the baseline's own schema: same columns, same indexes (built after the load). */
const baselineTables: ProjectionTables = {
  table: (logicalName) => `${quoteIdentifier(BASELINE_SCHEMA)}.${quoteIdentifier(logicalName)}`,
  rawName: (logicalName) => logicalName,
};

/** Plain read of all events in batches, one autocommit multi-row INSERT per batch: no engine around it. */
async function benchBaseline(
  database: BenchDatabase,
  settings: Settings,
  signal: AbortSignal,
): Promise<PassResult> {
  const handle = database.open(4);
  const eventStore = createPostgresEventStore({ pool: handle.pool, url: database.url });
  try {
    await handle.pool.query(`create schema ${quoteIdentifier(BASELINE_SCHEMA)}`);
    await auditProjector.createTables(handle.pool, baselineTables);
    let readMs = 0;
    let writeMs = 0;
    let events = 0;
    let checkpoint: Checkpoint | null = null;
    const walBefore = await walPosition(handle.pool);
    const rss = sampleRss();
    const cpuBefore = process.cpuUsage();
    const began = performance.now();
    for (;;) {
      if (signal.aborted) throw new Error('Interrupted');
      const readBegan = performance.now();
      const batch = await eventStore.readAll(checkpoint, { maxCount: settings.batchSize });
      const writeBegan = performance.now();
      readMs += writeBegan - readBegan;
      const last = batch.at(-1);
      if (!last) break;
      await auditProjector.apply(batch, handle.pool, baselineTables);
      writeMs += performance.now() - writeBegan;
      checkpoint = last.checkpoint;
      events += batch.length;
      if (batch.length < settings.batchSize) break;
    }
    // The same end state as the rebuild: the read model with its indexes, built once after the load.
    await auditProjector.createIndexes?.(handle.pool, baselineTables);
    const seconds = (performance.now() - began) / 1000;
    const nodeCpuSeconds = cpuSeconds(process.cpuUsage(cpuBefore));
    const peakRssBytes = rss.stop();
    const walBytes = await walSince(handle.pool, walBefore);
    await verifyOnePerEvent(handle.pool, baselineTables.table('audit_log'));
    // The baseline's copy is no longer needed: give its disk back before the freshness run.
    await handle.pool.query(`drop schema ${quoteIdentifier(BASELINE_SCHEMA)} cascade`);
    return {
      name: `baseline (readAll + INSERT)`,
      events,
      seconds,
      readSeconds: readMs / 1000,
      writeSeconds: writeMs / 1000,
      nodeCpuSeconds,
      peakRssBytes,
      walBytes,
    };
  } finally {
    await eventStore.close();
    await handle.close();
  }
}

interface FreshnessResult {
  readonly appends: number;
  readonly seconds: number;
  /** Append call → the read model's checkpoint covers the event (what a caller waits for). */
  readonly fromCall: Distribution;
  /** Append returned (committed) → covered: the projection's own lag. */
  readonly fromCommit: Distribution;
  readonly append: Distribution;
  /** Longest an open appender was seen holding the read horizon (what a projection then waits for). */
  readonly horizonHoldMs: number;
  /** How late the schedule fired appends, worst case: a busy client would show here. */
  readonly maxScheduleLagMs: number;
  readonly peakRssBytes: number;
}

/** Age of the open appender that holds the read horizon now, in ms (0 when none does). */
async function horizonHoldMs(pool: pg.Pool): Promise<number> {
  return ((await findHorizonHolder(pool))?.ageSeconds ?? 0) * 1000;
}

interface Waiter {
  readonly checkpoint: Checkpoint;
  readonly calledAt: number;
  readonly committedAt: number;
  readonly measured: boolean;
}

async function benchFreshness(
  database: BenchDatabase,
  settings: Settings,
  signal: AbortSignal,
): Promise<FreshnessResult> {
  // One pool for the node (appends, runner, checkpoints), as one process has; the probe has its own.
  const handle = database.open(10);
  const probe = database.open(1);
  const eventStore = createPostgresEventStore({ pool: handle.pool, url: database.url });
  const projectionStore = createPostgresProjectionStore(handle.pool);
  const nodeId = `bench-${randomBytes(3).toString('hex')}`;
  const runner = createProjectionRunner({
    projectors: [auditProjector],
    eventStore,
    projectionStore,
    leases: createMemoryLeaseManager({ nodeId }),
    nodeId,
    logger: stderrLogger,
  });
  const runId = randomBytes(4).toString('hex');
  const fromCall: number[] = [];
  const fromCommit: number[] = [];
  const appendMs: number[] = [];
  let waiters: Waiter[] = [];
  let failure: { error: unknown } | null = null;
  let probing = true;
  let longestHoldMs = 0;
  let nextHorizonCheck = 0;

  // Reads the checkpoint row every few ms and resolves every waiter it covers.
  const probeLoop = async () => {
    while (probing) {
      const { rows } = await probe.pool.query<{ transaction_id: string; position: string }>(
        `select transaction_id, position from projections.checkpoints where name = $1`,
        [auditProjector.name],
      );
      const seenAt = performance.now();
      const row = rows[0];
      if (row && waiters.length > 0) {
        const applied = { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) };
        waiters = waiters.filter((waiter) => {
          if (compareCheckpoints(applied, waiter.checkpoint) < 0) return true;
          if (waiter.measured) {
            fromCall.push(seenAt - waiter.calledAt);
            fromCommit.push(seenAt - waiter.committedAt);
          }
          return false;
        });
      }
      if (performance.now() >= nextHorizonCheck) {
        nextHorizonCheck = performance.now() + HORIZON_CHECK_MS;
        longestHoldMs = Math.max(longestHoldMs, await horizonHoldMs(probe.pool));
      }
      await delay(PROBE_INTERVAL_MS);
    }
  };

  await runner.start();
  const probing$ = probeLoop();
  const rss = sampleRss();
  let inFlight = 0;
  let maxScheduleLagMs = 0;
  const pending = new Set<Promise<void>>();
  try {
    const interval = 1000 / settings.appendsPerSecond;
    const warmup = Math.round(FRESHNESS_WARMUP_MS / interval);
    const total = warmup + Math.round(settings.freshnessSeconds * settings.appendsPerSecond);
    const fire = (i: number, due: number) => {
      const calledAt = performance.now();
      maxScheduleLagMs = Math.max(maxScheduleLagMs, calledAt - due);
      inFlight += 1;
      const done = eventStore
        .append(
          `bench-fresh-${runId}-${i}`,
          [{ type: BENCH_EVENT_TYPE, data: eventData(i), metadata: eventMetadata() }],
          { expectedRevision: 'no_stream' },
        )
        .then(
          (result) => {
            const committedAt = performance.now();
            const measured = i >= warmup;
            if (measured) appendMs.push(committedAt - calledAt);
            waiters.push({ checkpoint: result.checkpoint, calledAt, committedAt, measured });
          },
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .finally(() => {
          inFlight -= 1;
          pending.delete(done);
        });
      pending.add(done);
    };

    const start = performance.now();
    let next = 0;
    while (next < total && failure === null && !signal.aborted) {
      const now = performance.now();
      // Fire every append that is due (a late timer fires several at once, keeping the average rate).
      while (next < total && start + next * interval <= now) {
        fire(next, start + next * interval);
        next += 1;
      }
      if (inFlight > MAX_APPENDS_IN_FLIGHT) {
        throw new Error(
          `${inFlight} appends in flight: the store cannot keep ${settings.appendsPerSecond}/s`,
        );
      }
      await delay(Math.max(0, start + next * interval - performance.now()));
    }
    // The measured window: from the first measured append's slot to the last one's.
    const seconds = (total - warmup) / settings.appendsPerSecond;
    await Promise.all(pending);
    if (failure !== null) throw (failure as { error: unknown }).error;
    if (signal.aborted) throw new Error('Interrupted');

    // Every event must reach the read model; 10 s is far beyond any target.
    const deadline = performance.now() + 10_000;
    while (waiters.length > 0) {
      if (performance.now() > deadline) {
        throw new Error(`${waiters.length} appended events not in the read model after 10 s`);
      }
      await delay(10);
    }
    await verifyOnePerEvent(handle.pool, 'core.audit_log');
    return {
      appends: fromCall.length,
      seconds,
      fromCall: distribution(fromCall),
      fromCommit: distribution(fromCommit),
      append: distribution(appendMs),
      horizonHoldMs: longestHoldMs,
      maxScheduleLagMs,
      peakRssBytes: rss.stop(),
    };
  } finally {
    await Promise.allSettled(pending);
    probing = false;
    await probing$.catch(() => undefined);
    await runner.stop();
    await eventStore.close();
    await probe.close();
    await handle.close();
  }
}

async function describeServer(database: BenchDatabase): Promise<string> {
  const handle = database.open(1);
  try {
    const { rows } = await handle.pool.query<{ version: string; sync: string; buffers: string }>(
      `select current_setting('server_version') as version, current_setting('synchronous_commit') as sync,
              current_setting('shared_buffers') as buffers`,
    );
    const row = rows[0];
    return row
      ? `PostgreSQL ${row.version}, synchronous_commit=${row.sync}, shared_buffers=${row.buffers}`
      : '?';
  } finally {
    await handle.close();
  }
}

async function fill(database: BenchDatabase, settings: Settings, signal: AbortSignal): Promise<string> {
  const handle = database.open(1);
  try {
    const began = performance.now();
    let reported = 0;
    await fillEvents(
      handle.pool,
      settings.events,
      (inserted) => {
        if (inserted - reported >= 250_000 || inserted === settings.events) {
          reported = inserted;
          process.stderr.write(`  fill: ${formatInteger(inserted)} events\n`);
        }
      },
      signal,
    );
    const { rows } = await handle.pool.query<{ size: string; bytes: string }>(
      `select pg_size_pretty(pg_total_relation_size('es.events')) as size,
              (select avg(pg_column_size(data) + pg_column_size(metadata))::int from es.events
               where position <= 1000) as bytes`,
    );
    const seconds = (performance.now() - began) / 1000;
    return `filled ${formatInteger(settings.events)} events by SQL in ${formatFixed(seconds, 1)} s (setup): es.events ${rows[0]?.size ?? '?'}, ~${rows[0]?.bytes ?? '?'} B of jsonb per event`;
  } finally {
    await handle.close();
  }
}

function passTable(passes: readonly PassResult[], baseline: PassResult): string {
  return formatTable(
    [
      { header: 'pass' },
      { header: 'events', align: 'right' },
      { header: 's', align: 'right' },
      { header: 'events/s', align: 'right' },
      { header: 'read s', align: 'right' },
      { header: 'write s', align: 'right' },
      { header: 'other s', align: 'right' },
      { header: 'node CPU s', align: 'right' },
      { header: 'WAL MB', align: 'right' },
      { header: 'peak RSS MB', align: 'right' },
      { header: 'vs baseline', align: 'right' },
    ],
    passes.map((pass) => [
      pass.name,
      formatInteger(pass.events),
      formatFixed(pass.seconds, 1),
      formatInteger(eventsPerSecond(pass)),
      formatFixed(pass.readSeconds, 1),
      formatFixed(pass.writeSeconds, 1),
      formatFixed(pass.seconds - pass.readSeconds - pass.writeSeconds, 1),
      formatFixed(pass.nodeCpuSeconds, 1),
      formatInteger(megabytes(pass.walBytes)),
      formatInteger(megabytes(pass.peakRssBytes)),
      formatFixed(eventsPerSecond(pass) / eventsPerSecond(baseline), 2),
    ]),
  );
}

function freshnessTable(result: FreshnessResult): string {
  const row = (name: string, d: Distribution) => [
    name,
    formatInteger(d.count),
    formatFixed(d.p50, 1),
    formatFixed(d.p99, 1),
    formatFixed(d.max, 1),
  ];
  return formatTable(
    [
      { header: 'freshness' },
      { header: 'n', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
    ],
    [
      row('append call -> in read model', result.fromCall),
      row('append commit -> in read model', result.fromCommit),
      row('append call -> commit', result.append),
    ],
  );
}

async function main(): Promise<void> {
  const config = settings();
  // Bounded: fill, two passes and the freshness window, each at a small fraction of the targets' speed.
  const run = await startBenchRun(
    'projection',
    120_000 + config.events * 0.5 + config.freshnessSeconds * 1000 * 3,
  );
  const { database } = run;

  try {
    console.log(`bench:projection on ${database.name}: ${await describeServer(database)}`);
    console.log(await fill(database, config, run.signal));

    await settle(database);
    process.stderr.write('  measuring rebuild ...\n');
    const rebuild = await benchRebuild(database, config, run.signal);
    await settle(database);
    process.stderr.write('  measuring baseline ...\n');
    const baseline = await benchBaseline(database, config, run.signal);
    process.stderr.write(
      `  measuring freshness: ${config.appendsPerSecond} appends/s for ${config.freshnessSeconds} s ...\n`,
    );
    await settle(database);
    const freshness = await benchFreshness(database, config, run.signal);

    const rebuildRate = eventsPerSecond(rebuild);
    const baselineRate = eventsPerSecond(baseline);
    const ratio = rebuildRate / baselineRate;
    const peakRssMb = megabytes(rebuild.peakRssBytes);

    console.log('');
    console.log(passTable([rebuild, baseline], baseline));
    console.log('');
    console.log(freshnessTable(freshness));
    console.log('');
    console.log(
      `freshness: ${formatInteger(freshness.appends)} single-event appends at ${config.appendsPerSecond}/s ` +
        `over ${formatFixed(freshness.seconds, 1)} s after a ${FRESHNESS_WARMUP_MS / 1000} s warm-up; ` +
        `checkpoint probed every ${PROBE_INTERVAL_MS} ms; schedule lag max ${formatFixed(freshness.maxScheduleLagMs, 1)} ms; ` +
        `longest an appender held the read horizon ${formatInteger(freshness.horizonHoldMs)} ms; ` +
        `peak RSS ${formatInteger(megabytes(freshness.peakRssBytes))} MB`,
    );
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    console.log(
      `target rebuild >= ${formatInteger(TARGET_EVENTS_PER_S)} events/s: ${verdict(rebuildRate >= TARGET_EVENTS_PER_S)} ` +
        `(${formatInteger(rebuildRate)})`,
    );
    console.log(
      `target ratio >= ${formatFixed(TARGET_RATIO, 2)}: ${verdict(ratio >= TARGET_RATIO)} (${formatFixed(ratio, 2)})`,
    );
    console.log(
      `target freshness p99 < ${TARGET_FRESHNESS_P99_MS} ms: ` +
        `${verdict(freshness.fromCall.p99 < TARGET_FRESHNESS_P99_MS)} (${formatFixed(freshness.fromCall.p99, 1)} ms)`,
    );
    console.log(
      JSON.stringify({
        bench: 'projection',
        events: rebuild.events,
        rebuild_events_per_s: Math.round(rebuildRate),
        baseline_events_per_s: Math.round(baselineRate),
        ratio: Math.round(ratio * 100) / 100,
        freshness_p50_ms: Math.round(freshness.fromCall.p50 * 10) / 10,
        freshness_p99_ms: Math.round(freshness.fromCall.p99 * 10) / 10,
        peak_rss_mb: Math.round(peakRssMb),
      }),
    );
  } finally {
    await run.finish();
  }
}

main().catch((error: unknown) => {
  console.error('bench:projection failed:', error);
  process.exitCode = 1;
});
