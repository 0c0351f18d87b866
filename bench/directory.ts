/**
 * The employee directory end to end on one throwaway database: an import of BENCH_ROWS rows (default 100,000)
 * through the real import, the employees projection of what it wrote, and the search over that read model
 * against a bare pg_trgm query on the same table in the same run.
 *
 *   - workbook (setup, not timed): a realistic sheet (Russian names, ~50 departments, phones in mixed formats,
 *     e-mails, host names and IPs for most) written by the real SheetJS writer, under the 10 MiB upload limit;
 *   - import: `makeEmployeeImport` with the SheetJS reader (parse in a worker thread of this process) and the
 *     PostgreSQL event store behind `withPersonalDataProtection`, as production runs it: wall time of `run`,
 *     events appended and events/s, the process's peak RSS, and where the time went (parse, planning, keys,
 *     encryption, the SQL appends);
 *   - project: the employees projector to the head, by the projection runner on the live tables (what a running
 *     node does after an import; BENCH_PROJECT=rebuild for a rebuild beside them instead);
 *   - search: `employeeSearch` over the projected read model, a mix of query kinds for people drawn from
 *     the workbook (p50/p99 per kind and over the mix), and the pg_trgm baseline. A few queries first as the
 *     projection left it (the runner's upkeep after the catch-up done: ANALYZE and the GIN pending lists; a
 *     rebuild does the same before its switch), then VACUUM (ANALYZE), as autovacuum would do some time later
 *     (hint bits, the visibility map), then the measurement.
 *
 * Targets: import < 60 s; search p99 < 20 ms.
 *
 *   npm run bench:directory        BENCH_ROWS (default 100000); BENCH_SAMPLES people to search for (default 100),
 *                                  BENCH_ROUNDS passes over them per query kind (default 2);
 *                                  BENCH_PARSE_TIMEOUT_S the reader's and writer's time limit (default: the
 *                                  import's own, 30 s; raise it on a slow machine);
 *                                  BENCH_PROJECT runner|rebuild; BENCH_PROJECTION_BATCH events per transaction;
 *                                  BENCH_SAVE_WORKBOOK=path keeps the generated .xlsx;
 *                                  BENCH_VACUUM=0 searches the read model as the projection left it (no VACUUM);
 *                                  BENCH_UPKEEP=0 keeps the runner from its upkeep after the catch-up (as before
 *                                  it had one: no statistics until autovacuum);
 *                                  BENCH_DATABASE_URL names the server (default: the system PostgreSQL).
 *
 * The database is dropped at the end, also on error. The last line of stdout is one JSON object (see `main`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import { type ImportResult, makeEmployeeImport } from '../application/employees/import/index.ts';
import type { EmployeeSearch } from '../application/employees/search/index.ts';
import { type EventStore, type Logger, randomIds } from '../application/ports/index.ts';
import { withPersonalDataProtection } from '../application/personal-data/index.ts';
import {
  DEFAULT_IMPORT_LIMITS,
  makeSheetJsEmployeeSheetReader,
  makeSheetJsEmployeeSheetWriter,
} from '../infrastructure/excel/index.ts';
import { type PostgresEventStore, createPostgresEventStore } from '../infrastructure/event-store/index.ts';
import { createMemoryLeaseManager } from '../infrastructure/leases/index.ts';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../infrastructure/personal-data/index.ts';
import { createPostgresProjectionStore } from '../infrastructure/projections/index.ts';
import {
  type EmployeesDatabase,
  type ProjectionStore,
  createProjectionRunner,
  employeeSearch,
  employeesProjector,
  noProjectionMetrics,
  rebuildProjection,
  waitForProjection,
} from '../projections/index.ts';
import { startBenchRun } from './support/bench-run.ts';
import {
  type DirectorySample,
  QUERY_KINDS,
  measureDirectorySearch,
  measureTrigramBaseline,
} from './support/directory-search-load.ts';
import { generateDirectoryWorkbook } from './support/directory-workbook.ts';
import {
  PHASES,
  type PhaseClock,
  phaseClock,
  timedKeys,
  timedReader,
  timedStore,
} from './support/import-phases.ts';
import { type Distribution } from './support/percentiles.ts';
import { lastEventOf } from './support/last-event.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';
import { maxRssBytes, megabytes, sampleRss } from './support/rss-sampler.ts';
import { numberFromEnv } from './support/env-numbers.ts';

const TARGET_IMPORT_S = 60;
const TARGET_SEARCH_P99_MS = 20;
/** Query kinds that name one person (a host name, an IP, a phone, an extension): the person must be found. */
const UNIQUE_KINDS = ['phone as typed', 'extension', 'hostname', 'ip'] as const;
const PROJECTION_TIMEOUT_MS = 30 * 60_000;
const UPKEEP_TIMEOUT_MS = 5 * 60_000;
/** People searched for (one round of every kind) before the read model is vacuumed. */
const FRESH_SAMPLES = 10;

type ProjectMode = 'runner' | 'rebuild';

interface Settings {
  readonly rows: number;
  readonly samples: number;
  readonly rounds: number;
  readonly parseTimeoutMs: number;
  readonly project: ProjectMode;
  readonly projectionBatch: number;
  readonly saveWorkbook: string | null;
  readonly vacuum: boolean;
  readonly upkeep: boolean;
}

function settings(): Settings {
  const project = process.env['BENCH_PROJECT'] ?? 'runner';
  if (project !== 'runner' && project !== 'rebuild') {
    throw new RangeError(`BENCH_PROJECT must be runner or rebuild, not "${project}"`);
  }
  return {
    rows: Math.round(numberFromEnv('BENCH_ROWS', 100_000, 100, DEFAULT_IMPORT_LIMITS.maxRows - 10)),
    samples: Math.round(numberFromEnv('BENCH_SAMPLES', 100, 1, 10_000)),
    rounds: Math.round(numberFromEnv('BENCH_ROUNDS', 2, 1, 100)),
    parseTimeoutMs: Math.round(
      numberFromEnv('BENCH_PARSE_TIMEOUT_S', DEFAULT_IMPORT_LIMITS.timeoutMs / 1000, 1, 3600) * 1000,
    ),
    project,
    // The runner's and the rebuild's own defaults.
    projectionBatch: Math.round(
      numberFromEnv('BENCH_PROJECTION_BATCH', project === 'runner' ? 500 : 5000, 1, 100_000),
    ),
    saveWorkbook: process.env['BENCH_SAVE_WORKBOOK'] || null,
    vacuum: process.env['BENCH_VACUUM'] !== '0',
    upkeep: process.env['BENCH_UPKEEP'] !== '0',
  };
}

/** Warnings and errors of the runner go to stderr; its info lines would only drown the tables. */
const stderrLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...args: unknown[]) => console.error('warn:', ...args),
  error: (...args: unknown[]) => console.error('error:', ...args),
};

const loadAverage = () =>
  loadavg()
    .map((load) => formatFixed(load, 2))
    .join(' ');
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

async function describeServer(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ version: string; sync: string; buffers: string }>(
    `select current_setting('server_version') as version, current_setting('synchronous_commit') as sync,
            current_setting('shared_buffers') as buffers`,
  );
  const row = rows[0];
  return row
    ? `PostgreSQL ${row.version}, synchronous_commit=${row.sync}, shared_buffers=${row.buffers}`
    : '?';
}

/** A CHECKPOINT between phases, so that no phase pays for writing out the one before it. */
async function settle(pool: pg.Pool): Promise<void> {
  try {
    await pool.query('checkpoint');
  } catch (error) {
    console.error('warn: could not CHECKPOINT between phases (needs pg_checkpoint or superuser):', error);
  }
}

/**
 * What autovacuum does to the read model some time after a bulk load (it would run on its own schedule):
 * merges the GIN pending lists into the indexes and gathers statistics.
 */
async function vacuumReadModel(pool: pg.Pool): Promise<number> {
  const began = performance.now();
  await pool.query(
    'vacuum (analyze) employees.employees, employees.workstations, employees.words, employees.departments',
  );
  return (performance.now() - began) / 1000;
}

interface Workbook {
  readonly file: Buffer;
  readonly samples: readonly DirectorySample[];
  readonly departments: number;
  readonly generateSeconds: number;
  readonly writeSeconds: number;
}

async function makeWorkbook(config: Settings): Promise<Workbook> {
  const began = performance.now();
  const data = generateDirectoryWorkbook({ rows: config.rows, samples: config.samples });
  const generated = performance.now();
  const writer = makeSheetJsEmployeeSheetWriter({
    timeoutMs: Math.max(config.parseTimeoutMs, DEFAULT_IMPORT_LIMITS.timeoutMs),
    maxWorkerHeapMb: DEFAULT_IMPORT_LIMITS.maxWorkerHeapMb,
  });
  const file = await writer.write(data.rows, data.departments);
  if (config.saveWorkbook !== null) await writeFile(config.saveWorkbook, file);
  if (file.byteLength > DEFAULT_IMPORT_LIMITS.maxFileBytes) {
    throw new Error(
      `the workbook is ${file.byteLength} bytes, over the upload limit of ${DEFAULT_IMPORT_LIMITS.maxFileBytes}`,
    );
  }
  return {
    file,
    samples: data.samples,
    departments: data.departments.length,
    generateSeconds: (generated - began) / 1000,
    writeSeconds: (performance.now() - generated) / 1000,
  };
}

interface ImportFigures {
  readonly result: ImportResult;
  readonly seconds: number;
  readonly events: number;
  readonly nodeCpuSeconds: number;
  readonly peakRssBytes: number;
  /** Milliseconds and calls per timed phase (see import-phases.ts). */
  readonly phases: ReadonlyMap<string, number>;
  readonly calls: ReadonlyMap<string, number>;
}

interface Stack {
  readonly raw: PostgresEventStore;
  /** What the import and the projection use: the raw store, timed, behind the personal-data decorator, timed. */
  readonly store: EventStore;
  readonly clock: PhaseClock;
}

function protectedStack(pool: pg.Pool, url: string): Stack {
  const clock = phaseClock();
  const raw = createPostgresEventStore({ pool, url });
  const keys = timedKeys(
    createPostgresPersonalDataKeys({ pool, masterKey: masterKeyOf(randomBytes(32)) }),
    clock,
  );
  const inner = timedStore(raw, clock, PHASES.rawAppend, PHASES.rawRead);
  const store = timedStore(
    withPersonalDataProtection(inner, { keys }),
    clock,
    PHASES.protectedAppend,
    PHASES.protectedRead,
  );
  return { raw, store, clock };
}

async function runImport(
  stack: Stack,
  workbook: Workbook,
  config: Settings,
  pool: pg.Pool,
): Promise<ImportFigures> {
  const reader = timedReader(
    makeSheetJsEmployeeSheetReader({ timeoutMs: config.parseTimeoutMs }),
    stack.clock,
  );
  const imports = makeEmployeeImport({ store: stack.store, reader, ids: randomIds });
  const importId = randomUUID();
  let reported = 0;
  stack.clock.reset();
  const rss = sampleRss();
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const result = await imports.run({
    file: workbook.file,
    dryRun: false,
    metadata: {
      actor: { kind: 'import', id: 'bench', name: 'Directory bench' },
      correlationId: importId,
      causationId: importId,
      source: 'import',
      occurredAt: new Date().toISOString(),
    },
    onProgress: (done, total) => {
      if (done - reported >= total / 4 || done === total) {
        reported = done;
        process.stderr.write(
          `  import: ${formatInteger(done)} of ${formatInteger(total)} streams appended\n`,
        );
      }
    },
  });
  const seconds = (performance.now() - began) / 1000;
  const nodeCpuSeconds = cpuSeconds(process.cpuUsage(cpuBefore));
  const peakRssBytes = rss.stop();
  const { rows } = await pool.query<{ count: string }>('select count(*) from es.events');
  const events = Number(rows[0]?.count ?? 0);
  if (events !== result.counts.events) {
    throw new Error(`the import reports ${result.counts.events} events, es.events holds ${events}`);
  }
  return {
    result,
    seconds,
    events,
    nodeCpuSeconds,
    peakRssBytes,
    phases: new Map(stack.clock.ms),
    calls: new Map(stack.clock.calls),
  };
}

interface ProjectFigures {
  readonly mode: string;
  readonly events: number;
  readonly seconds: number;
  readonly applySeconds: number;
  readonly keysSeconds: number;
  readonly nodeCpuSeconds: number;
  readonly peakRssBytes: number;
  readonly employees: number;
  readonly workstations: number;
  /** The runner's upkeep after the catch-up: how long it took, and when it was done after the head was reached. */
  readonly upkeep: { readonly seconds: number; readonly doneAfterSeconds: number } | null;
}

async function project(
  stack: Stack,
  config: Settings,
  pool: pg.Pool,
  signal: AbortSignal,
): Promise<ProjectFigures> {
  const base = createPostgresProjectionStore(pool);
  const projectionStore: ProjectionStore = {
    ...base,
    // The runner's upkeep is a fenced transaction of no events: not timed as applying.
    applyBatch: (name, fence, work) =>
      fence.events > 0
        ? stack.clock.time('apply', () => base.applyBatch(name, fence, work))
        : base.applyBatch(name, fence, work),
    applyRebuildBatch: (projector, events) =>
      stack.clock.time('apply', () => base.applyRebuildBatch(projector, events)),
  };
  const target = await lastEventOf(pool, employeesProjector.eventTypes);
  stack.clock.reset();
  const rss = sampleRss();
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  let upkeep: ProjectFigures['upkeep'] = null;
  let seconds: number;
  if (config.project === 'rebuild') {
    await rebuildProjection({
      projector: employeesProjector,
      eventStore: stack.store,
      projectionStore,
      batchSize: config.projectionBatch,
      signal,
    });
    seconds = (performance.now() - began) / 1000;
  } else {
    const nodeId = `bench-${randomBytes(3).toString('hex')}`;
    let upkeepDone: (seconds: number) => void = () => undefined;
    const upkeepSeconds = new Promise<number>((resolve) => (upkeepDone = resolve));
    const runner = createProjectionRunner({
      projectors: [employeesProjector],
      eventStore: stack.store,
      projectionStore,
      leases: createMemoryLeaseManager({ nodeId }),
      nodeId,
      logger: stderrLogger,
      metrics: { ...noProjectionMetrics, caughtUp: (_name, took) => upkeepDone(took) },
      options: {
        batchSize: config.projectionBatch,
        // The runner's own threshold (10,000 events), or all of them in a small run, which would wait for an
        // upkeep that never comes.
        catchUpEvents: config.upkeep ? Math.min(10_000, Math.max(1, target.count)) : Number.MAX_SAFE_INTEGER,
      },
    });
    await runner.start();
    try {
      if (target.checkpoint !== null) {
        const reached = await waitForProjection(
          base,
          employeesProjector.name,
          target.checkpoint,
          PROJECTION_TIMEOUT_MS,
        );
        if (!reached)
          throw new Error(
            `the employees projection did not reach the head in ${PROJECTION_TIMEOUT_MS / 1000} s`,
          );
      }
      seconds = (performance.now() - began) / 1000;
      // A running node goes on after the head: the upkeep follows once the log is quiet (half a second).
      if (config.upkeep) {
        const took = await Promise.race([
          upkeepSeconds,
          delay(UPKEEP_TIMEOUT_MS, null, { ref: false, signal }).catch(() => null),
        ]);
        if (took === null) throw new Error(`no upkeep after the catch-up in ${UPKEEP_TIMEOUT_MS / 1000} s`);
        upkeep = { seconds: took, doneAfterSeconds: (performance.now() - began) / 1000 - seconds };
      }
    } finally {
      await runner.stop();
    }
  }
  const nodeCpuSeconds = cpuSeconds(process.cpuUsage(cpuBefore));
  const peakRssBytes = rss.stop();
  const { rows } = await pool.query<{ employees: string; workstations: string }>(
    `select (select count(*) from employees.employees) as employees,
            (select count(*) from employees.workstations) as workstations`,
  );
  return {
    mode:
      config.project === 'rebuild'
        ? `rebuild (batch ${config.projectionBatch})`
        : `runner (batch ${config.projectionBatch})`,
    events: target.count,
    seconds,
    applySeconds: (stack.clock.ms.get('apply') ?? 0) / 1000,
    keysSeconds: (stack.clock.ms.get(PHASES.keysGet) ?? 0) / 1000,
    nodeCpuSeconds,
    peakRssBytes,
    employees: Number(rows[0]?.employees ?? 0),
    workstations: Number(rows[0]?.workstations ?? 0),
    upkeep,
  };
}

/** What was done to the read model for the planner between the projection and the first search. */
function upkeepNote(config: Settings, projected: ProjectFigures): string {
  if (config.project === 'rebuild') return 'the rebuild analyzed its tables before the switch';
  if (!projected.upkeep) return 'no upkeep after the catch-up (BENCH_UPKEEP=0)';
  return (
    `runner upkeep after the catch-up (ANALYZE, GIN pending lists) took ${formatFixed(projected.upkeep.seconds, 2)} s, ` +
    `done ${formatFixed(projected.upkeep.doneAfterSeconds, 2)} s after the head was reached`
  );
}

/** For query kinds that name one person: how many of the samples come back among the first ten hits. */
async function findsExpected(
  search: EmployeeSearch,
  samples: readonly DirectorySample[],
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const kind of UNIQUE_KINDS) {
    const typed = QUERY_KINDS[kind];
    if (!typed) continue;
    let hits = 0;
    for (const sample of samples) {
      const results = await search.search(typed(sample), { limit: 10 });
      if (results.some((hit) => hit.employee.workstations.some((w) => w.hostname === sample.hostname)))
        hits++;
    }
    found.set(kind, hits);
  }
  return found;
}

function importTable(figures: ImportFigures, rows: number): string {
  const ms = (phase: string) => figures.phases.get(phase) ?? 0;
  const calls = (phase: string) => figures.calls.get(phase) ?? 0;
  const total = figures.seconds * 1000;
  const parse = ms(PHASES.parse);
  const load = ms(PHASES.protectedRead);
  const append = ms(PHASES.protectedAppend);
  const keys = ms(PHASES.keysCreate);
  const sql = ms(PHASES.rawAppend);
  const row = (name: string, value: number, count: string) => [
    name,
    formatFixed(value / 1000, 2),
    count,
    formatFixed((100 * value) / total, 1),
  ];
  return formatTable(
    [
      { header: 'import phase' },
      { header: 's', align: 'right' },
      { header: 'calls', align: 'right' },
      { header: '%', align: 'right' },
    ],
    [
      row('parse (reader, worker thread)', parse, String(calls(PHASES.parse))),
      row('load directory (readAll)', load, String(calls(PHASES.protectedRead))),
      row('plan + workspace (the rest)', total - parse - load - append, ''),
      row('keys: get or create (SQL)', keys, String(calls(PHASES.keysCreate))),
      row('encrypt (appendMany - keys - SQL)', append - keys - sql, ''),
      row('append (SQL, one transaction per chunk)', sql, String(calls(PHASES.rawAppend))),
      row(`total: ${formatInteger(rows)} rows, ${formatInteger(figures.events)} events`, total, ''),
    ],
  );
}

function searchTable(
  results: ReadonlyMap<string, Distribution>,
  baseline: Distribution,
  found: ReadonlyMap<string, number>,
  samples: number,
): string {
  const row = (kind: string, d: Distribution) => {
    const hits = found.get(kind);
    return [
      kind,
      formatInteger(d.count),
      formatFixed(d.p50, 2),
      formatFixed(d.p99, 2),
      formatFixed(d.max, 2),
      hits === undefined ? '' : `${hits}/${samples}`,
    ];
  };
  return formatTable(
    [
      { header: 'query kind' },
      { header: 'n', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'max ms', align: 'right' },
      { header: 'found', align: 'right' },
    ],
    [
      ...[...results].map(([kind, d]) => row(kind === 'all' ? 'all kinds (the mix)' : kind, d)),
      row('pg_trgm baseline (surname)', baseline),
    ],
  );
}

async function main(): Promise<void> {
  const config = settings();
  // Generous: a slow machine takes minutes; this only catches a hung server or worker.
  const run = await startBenchRun('directory', 15 * 60_000 + config.rows * 20);
  const { database } = run;

  const handle = database.open(4);
  const stack = protectedStack(handle.pool, database.url);
  try {
    console.log(
      `bench:directory on ${database.name}: ${await describeServer(handle.pool)}; ${cpus().length} CPUs, ` +
        `load average ${loadAverage()}`,
    );
    process.stderr.write(`  writing a workbook of ${formatInteger(config.rows)} rows ...\n`);
    const workbook = await makeWorkbook(config);
    console.log(
      `workbook (setup, not timed): ${formatInteger(config.rows)} rows, ${workbook.departments} departments, ` +
        `${formatFixed(megabytes(workbook.file.byteLength), 1)} MB .xlsx (limit ${formatInteger(megabytes(DEFAULT_IMPORT_LIMITS.maxFileBytes))} MB); ` +
        `generated in ${formatFixed(workbook.generateSeconds, 1)} s, written by the SheetJS writer in ` +
        `${formatFixed(workbook.writeSeconds, 1)} s; ${workbook.samples.length} people to search for` +
        (config.saveWorkbook === null ? '' : `; saved to ${config.saveWorkbook}`),
    );
    const rssBeforeImport = process.memoryUsage.rss();

    await settle(handle.pool);
    process.stderr.write('  importing ...\n');
    const imported = await runImport(stack, workbook, config, handle.pool);
    const counts = imported.result.counts;

    await settle(handle.pool);
    process.stderr.write(`  projecting (${config.project}) ...\n`);
    const projected = await project(stack, config, handle.pool, run.signal);
    if (projected.employees !== counts.new) {
      const state = await createPostgresProjectionStore(handle.pool).read(employeesProjector.name);
      const { rows: types } = await handle.pool.query<{ type: string; count: string }>(
        'select type, count(*) from es.events group by type order by type',
      );
      console.error('projection state:', state, 'events by type:', types);
      throw new Error(
        `the import registered ${counts.new} employees, the read model has ${projected.employees}`,
      );
    }

    process.stderr.write('  searching ...\n');
    const search = employeeSearch(handle.db.withTables<EmployeesDatabase>());
    // Right after the projection, as a node serves it before autovacuum comes round: with the runner's upkeep
    // (statistics, GIN pending lists merged), or without it (BENCH_UPKEEP=0) as it was before there was one.
    const fresh = await measureDirectorySearch(search, workbook.samples.slice(0, FRESH_SAMPLES), 1);
    const vacuumSeconds = config.vacuum ? await vacuumReadModel(handle.pool) : null;
    await settle(handle.pool);
    await measureDirectorySearch(search, workbook.samples.slice(0, 20), 1); // warm-up
    const results = await measureDirectorySearch(search, workbook.samples, config.rounds);
    const found = await findsExpected(search, workbook.samples);
    const baseline = await measureTrigramBaseline(handle.pool, workbook.samples, config.rounds);
    const all = results.get('all');
    if (!all) throw new Error('no search figures');

    const importRate = imported.events / imported.seconds;
    const projectRate = projected.events / projected.seconds;
    console.log('');
    console.log(importTable(imported, counts.rows));
    console.log('');
    console.log(
      `import: ${formatInteger(counts.rows)} rows read, ${formatInteger(counts.new)} new, ${counts.ambiguous} ambiguous, ` +
        `${counts.errors} errors, ${formatInteger(imported.result.issues.length)} cell issues, ` +
        `${counts.departmentsCreated} departments created; ${formatInteger(imported.events)} events in ` +
        `${formatFixed(imported.seconds, 1)} s = ${formatInteger(importRate)} events/s ` +
        `(${formatInteger(counts.rows / imported.seconds)} rows/s); node CPU ${formatFixed(imported.nodeCpuSeconds, 1)} s; ` +
        `peak RSS ${formatInteger(megabytes(imported.peakRssBytes))} MB (${formatInteger(megabytes(rssBeforeImport))} MB before; ` +
        `the parse worker is in this process); reader time limit ${config.parseTimeoutMs / 1000} s`,
    );
    console.log('');
    console.log(
      formatTable(
        [
          { header: 'projection' },
          { header: 'events', align: 'right' },
          { header: 's', align: 'right' },
          { header: 'events/s', align: 'right' },
          { header: 'apply s', align: 'right' },
          { header: 'keys s', align: 'right' },
          { header: 'read+decrypt+other s', align: 'right' },
          { header: 'node CPU s', align: 'right' },
          { header: 'peak RSS MB', align: 'right' },
        ],
        [
          [
            `employees, ${projected.mode}`,
            formatInteger(projected.events),
            formatFixed(projected.seconds, 1),
            formatInteger(projectRate),
            formatFixed(projected.applySeconds, 1),
            formatFixed(projected.keysSeconds, 1),
            formatFixed(projected.seconds - projected.applySeconds - projected.keysSeconds, 1),
            formatFixed(projected.nodeCpuSeconds, 1),
            formatInteger(megabytes(projected.peakRssBytes)),
          ],
        ],
      ),
    );
    console.log(
      `read model: ${formatInteger(projected.employees)} employees, ${formatInteger(projected.workstations)} workstations; ` +
        upkeepNote(config, projected),
    );
    console.log('');
    console.log(searchTable(results, baseline, found, workbook.samples.length));
    console.log('');
    console.log(
      `search: ${workbook.samples.length} people x ${Object.keys(QUERY_KINDS).length} query kinds x ${config.rounds} rounds, ` +
        `one query at a time, limit 10; "found": the person among the hits; baseline: one GIN pg_trgm query ` +
        `(%> then word_similarity) for the surname on the same table, ${config.rounds} rounds`,
    );
    const freshAll = fresh.get('all');
    const freshState =
      config.project === 'rebuild' ? 'rebuilt' : config.upkeep ? 'runner upkeep done' : 'no upkeep';
    console.log(
      `right after the projection (${freshState}, before VACUUM): ${freshAll?.count ?? 0} queries (${FRESH_SAMPLES} people x ` +
        `every kind), p50 ${formatFixed(freshAll?.p50 ?? Number.NaN, 2)} ms, p99 ${formatFixed(freshAll?.p99 ?? Number.NaN, 2)} ms; ` +
        (vacuumSeconds === null
          ? 'the table above is without VACUUM (BENCH_VACUUM=0)'
          : `then VACUUM (ANALYZE) of the read model in ${formatFixed(vacuumSeconds, 1)} s, as autovacuum would do later ` +
            `(hint bits, visibility map); the table above is after it`),
    );
    const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
    console.log(
      `target import < ${TARGET_IMPORT_S} s: ${verdict(imported.seconds < TARGET_IMPORT_S)} (${formatFixed(imported.seconds, 1)} s)`,
    );
    console.log(
      `target search p99 < ${TARGET_SEARCH_P99_MS} ms: ${verdict(all.p99 < TARGET_SEARCH_P99_MS)} ` +
        `(${formatFixed(all.p99, 2)} ms; baseline ${formatFixed(baseline.p99, 2)} ms)`,
    );
    console.log(
      `load average at the end: ${loadAverage()} (other work on the machine shows in every figure)`,
    );
    console.log(
      `process peak RSS over the whole run: ${formatInteger(megabytes(maxRssBytes()))} MB (workbook writing included)`,
    );
    const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
    console.log(
      JSON.stringify({
        bench: 'directory',
        import_rows: counts.rows,
        import_s: round(imported.seconds, 2),
        peak_rss_mb: Math.round(megabytes(imported.peakRssBytes)),
        search_p50_ms: round(all.p50, 2),
        search_p99_ms: round(all.p99, 2),
        baseline_p99_ms: round(baseline.p99, 2),
        import_events: imported.events,
        import_events_per_s: Math.round(importRate),
        project_s: round(projected.seconds, 2),
        fresh_p50_ms: round(freshAll?.p50 ?? Number.NaN, 2),
        fresh_p99_ms: round(freshAll?.p99 ?? Number.NaN, 2),
      }),
    );
  } finally {
    await stack.raw.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    await run.finish();
  }
}

main().catch((error: unknown) => {
  console.error('bench:directory failed:', error);
  process.exitCode = 1;
});
