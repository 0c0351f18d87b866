/**
 * The web admin's employees search at 100,000 people, against the JSON API answering the same queries in the
 * same run, both from one real `tbot serve` process on a throwaway database:
 *
 *   - seed (setup, not timed): BENCH_ROWS employees (default 100,000), one workstation each, registered
 *     through the employees projector's own `apply` in batches into the live read model, as
 *     bench/directory.ts's search load fills it (the log is not needed: both answers read the read model),
 *     then VACUUM (ANALYZE), as autovacuum would do after a bulk load;
 *   - query: `employeeSearch` in this process on the same tables (what both answers cost in SQL);
 *   - api: `GET /api/v1/employees/search?q=…&limit=N` with the admin's Bearer token;
 *   - page: `GET /admin/employees?q=…` with the admin's signed-in session: the server renders the search page
 *     (layout, table, pagination) and its size is measured.
 *
 * Queries: the directory bench's 14 kinds (surname, typo, translit, wrong layout, phone, extension, host, IP,
 * department, …) for BENCH_SAMPLES people (default 50) spread over the directory, BENCH_ROUNDS passes (default
 * 2), one request at a time over loopback (latency: request sent to last byte read, so an upper bound of the
 * server's time), after a warm-up. Target: page p99 < 50 ms.
 *
 *   npm run bench:admin     BENCH_ROWS, BENCH_SAMPLES, BENCH_ROUNDS, BENCH_PAGE_SIZE (the API's `limit`,
 *                           default 25: the page's own page size), BENCH_DATABASE_URL (the PostgreSQL server),
 *                           BENCH_REDIS_URL (default redis://127.0.0.1:6379; '' for none).
 *
 * The database is dropped at the end, also on error. The last line of stdout is one JSON object (see `main`).
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createPostgresProjectionStore } from '../infrastructure/projections/index.ts';
import { type EmployeesDatabase, employeeSearch, employeesProjector } from '../projections/index.ts';
import { type AdminNode, startAdminNode } from './support/admin-node.ts';
import {
  type AdminQuery,
  type SearchFigures,
  adminQueries,
  measureSearches,
} from './support/admin-search-load.ts';
import { startBenchRun } from './support/bench-run.ts';
import { fillDirectory } from './support/directory-search-load.ts';
import { type Distribution, distribution } from './support/percentiles.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';

const TARGET_RENDER_P99_MS = 50;
const WARMUP_QUERIES = 50;

function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], not "${raw}"`);
  }
  return value;
}

interface Settings {
  readonly rows: number;
  readonly samples: number;
  readonly rounds: number;
  readonly pageSize: number;
  readonly redisUrl: string;
}

function settings(): Settings {
  return {
    rows: numberFromEnv('BENCH_ROWS', 100_000, 1_000, 1_000_000),
    samples: numberFromEnv('BENCH_SAMPLES', 50, 1, 1_000),
    rounds: numberFromEnv('BENCH_ROUNDS', 2, 1, 100),
    pageSize: numberFromEnv('BENCH_PAGE_SIZE', 25, 1, 100),
    redisUrl: process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  };
}

const loadAverage = () =>
  loadavg()
    .map((load) => formatFixed(load, 2))
    .join(' ');
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const kb = (bytes: number) => bytes / 1024;

/** The queries' own cost: `employeeSearch` on the same read model, in this process. */
async function measureQueries(
  search: ReturnType<typeof employeeSearch>,
  queries: readonly AdminQuery[],
  pageSize: number,
): Promise<Distribution> {
  const times: number[] = [];
  for (const query of queries) {
    const began = performance.now();
    await search.search(query.text, { limit: pageSize });
    times.push(performance.now() - began);
  }
  return distribution(times);
}

function apiMeasurement(node: AdminNode, token: string, pageSize: number) {
  return (queries: readonly AdminQuery[], signal?: AbortSignal) =>
    measureSearches(
      queries,
      (q) => `${node.baseUrl}/api/v1/employees/search?q=${encodeURIComponent(q.text)}&limit=${pageSize}`,
      { Authorization: `Bearer ${token}` },
      /^application\/json/,
      signal,
    );
}

function latencyTable(columns: readonly [string, SearchFigures | Map<string, Distribution>][]): string {
  const maps = columns.map(([, f]) => (f instanceof Map ? f : f.latency));
  const kinds = [...(maps[0]?.keys() ?? [])];
  return formatTable(
    [
      { header: 'query kind' },
      { header: 'n', align: 'right' },
      ...columns.flatMap(([name]) => [
        { header: `${name} p50`, align: 'right' as const },
        { header: `${name} p99`, align: 'right' as const },
      ]),
    ],
    kinds.map((kind) => [
      kind === 'all' ? 'all kinds (the mix)' : kind,
      formatInteger(maps[0]?.get(kind)?.count ?? 0),
      ...maps.flatMap((map) => {
        const d = map.get(kind);
        return [formatFixed(d?.p50 ?? Number.NaN, 2), formatFixed(d?.p99 ?? Number.NaN, 2)];
      }),
    ]),
  );
}

async function main(): Promise<void> {
  const config = settings();
  const run = await startBenchRun('admin', 20 * 60_000);
  const { database } = run;
  const handle = database.open(4);
  let node: AdminNode | null = null;
  try {
    console.log(
      `bench:admin on ${database.name}; ${cpus().length} CPUs, load average ${loadAverage()}; ` +
        `${formatInteger(config.rows)} employees, page size ${config.pageSize}`,
    );
    process.stderr.write(`  seeding ${formatInteger(config.rows)} employees ...\n`);
    const fill = await fillDirectory(handle.pool, config.rows);
    // The node finds the read model registered at the projector's version, with nothing in the log to apply.
    await createPostgresProjectionStore(handle.pool).register(employeesProjector);
    const vacuumBegan = performance.now();
    await handle.pool.query(
      'vacuum (analyze) employees.employees, employees.workstations, employees.words, employees.departments',
    );
    console.log(
      `seed (setup, not timed): ${formatInteger(fill.employees)} employees with a workstation each in ` +
        `${formatFixed(fill.projectSeconds + fill.indexSeconds, 1)} s (projector apply, then indexes), ` +
        `VACUUM (ANALYZE) ${formatFixed((performance.now() - vacuumBegan) / 1000, 1)} s`,
    );

    const step = Math.max(1, Math.floor(fill.samples.length / config.samples));
    const samples = fill.samples.filter((_, i) => i % step === 0).slice(0, config.samples);
    const queries = adminQueries(samples, config.rounds);
    const warmup = adminQueries(samples, 1).slice(0, WARMUP_QUERIES);

    process.stderr.write('  starting tbot serve ...\n');
    node = await startAdminNode(database.url, config.redisUrl);
    const token = await node.accessToken();
    const api = apiMeasurement(node, token, config.pageSize);

    process.stderr.write(`  ${queries.length} queries each: in process, API ...\n`);
    const search = employeeSearch(handle.db.withTables<EmployeesDatabase>());
    await measureQueries(search, warmup, config.pageSize);
    const sql = await measureQueries(search, queries, config.pageSize);
    await api(warmup, run.signal);
    const apiFigures = await api(queries, run.signal);
    const apiAll = apiFigures.latency.get('all');
    if (!apiAll) throw new Error('no API figures');

    console.log('');
    console.log(latencyTable([['api ms', apiFigures]]));
    console.log('');
    console.log(
      `${queries.length} queries (${samples.length} people x ${apiFigures.latency.size - 1} kinds x ` +
        `${config.rounds} rounds), one at a time over loopback HTTP, after ${warmup.length} warm-up queries; ` +
        `employeeSearch in this process: p50 ${formatFixed(sql.p50, 2)} ms, p99 ${formatFixed(sql.p99, 2)} ms; ` +
        `API answers ${formatFixed(kb(apiFigures.bytes.p50), 1)} KB (p50), ${formatFixed(kb(apiFigures.bytes.max), 1)} KB (max)`,
    );
    console.log(
      `load average at the end: ${loadAverage()} (other work on the machine shows in every figure)`,
    );
    console.log(
      JSON.stringify({
        bench: 'admin',
        employees: fill.employees,
        queries: queries.length,
        page_size: config.pageSize,
        search_render_p99_ms: null,
        html_kb: null,
        api_p50_ms: round(apiAll.p50, 2),
        api_p99_ms: round(apiAll.p99, 2),
        api_kb: round(kb(apiFigures.bytes.p50), 1),
        query_p99_ms: round(sql.p99, 2),
        target_render_p99_ms: TARGET_RENDER_P99_MS,
      }),
    );
  } finally {
    await node?.stop().catch(() => undefined);
    await handle.close().catch(() => undefined);
    await run.finish();
  }
}

main().catch((error: unknown) => {
  console.error('bench:admin failed:', error);
  process.exitCode = 1;
});
