/**
 * Runs the directory search load on a throwaway database and prints the figures and a few plans:
 *   npx tsx bench/support/directory-search-run.ts     BENCH_EMPLOYEES (default 100000), BENCH_DATABASE_URL.
 */
import { parseSearchQuery } from '../../application/employees/search/index.ts';
import { type EmployeesDatabase, employeeSearch } from '../../projections/employees/index.ts';
import { searchParameters, searchSql } from '../../projections/employees/employee-search-sql.ts';
import { createBenchDatabase } from './bench-database.ts';
import {
  QUERY_KINDS,
  fillDirectory,
  measureDirectorySearch,
  measureTrigramBaseline,
} from './directory-search-load.ts';
import { formatTable } from './results-table.ts';

const EXPLAINED = (process.env['BENCH_EXPLAIN'] ?? 'surname,full name,last 4 digits').split(',');
const count = Number(process.env['BENCH_EMPLOYEES'] ?? 100_000);
const database = await createBenchDatabase();
try {
  const handle = database.open(4);
  const fill = await fillDirectory(handle.pool, count);
  console.log(
    `filled ${count} employees: projected in ${fill.projectSeconds.toFixed(1)} s ` +
      `(${Math.round((2 * count) / fill.projectSeconds)} events/s), indexes ${fill.indexSeconds.toFixed(1)} s`,
  );
  const search = employeeSearch(handle.db.withTables<EmployeesDatabase>());
  await measureDirectorySearch(search, fill.samples.slice(0, 20), 1); // warm-up
  const results = await measureDirectorySearch(search, fill.samples);
  const baseline = await measureTrigramBaseline(handle.pool, fill.samples);
  const rows = [...results, ['pg_trgm baseline', baseline] as const].map(([kind, d]) => [
    kind,
    String(d.count),
    d.p50.toFixed(2),
    d.p99.toFixed(2),
    d.max.toFixed(2),
  ]);
  console.log(
    formatTable(
      [
        { header: 'query kind' },
        { header: 'n', align: 'right' },
        { header: 'p50 ms', align: 'right' },
        { header: 'p99 ms', align: 'right' },
        { header: 'max ms', align: 'right' },
      ],
      rows,
    ),
  );
  const sample = fill.samples[0];
  if (sample) {
    const client = await handle.pool.connect();
    try {
      for (const kind of EXPLAINED) {
        const typed = QUERY_KINDS[kind]?.(sample) ?? '';
        const query = parseSearchQuery(typed);
        const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers off, costs off) ${searchSql(query.words.length)}`,
          searchParameters(query, 10, 0),
        );
        console.log(`\n-- ${kind}: ${typed}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    } finally {
      client.release();
    }
  }
  await handle.close();
} finally {
  await database.drop();
}
