import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { DEPARTMENTS, EMPLOYEES, WORDS, WORKSTATIONS } from './employees-tables.ts';

/**
 * Brings the employees tables up to date for the planner after a bulk load (an import projected, a rebuild
 * loaded), ahead of autovacuum:
 *   - planner statistics: without them the planner takes `status = 'active'` for a rare value and reads a whole
 *     department through a bitmap to sort it (30-120 ms at 100,000 people) instead of the first page of the
 *     (department, name) index (about 1 ms);
 *   - GIN pending lists: rows inserted go to each GIN index's unsorted pending list (up to
 *     gin_pending_list_limit, 4 MB), which every search through that index reads in full.
 * Both work inside a transaction (VACUUM would not) and write no rows.
 */
export async function refreshEmployeesTables(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const names = [DEPARTMENTS, EMPLOYEES, WORKSTATIONS, WORDS].map((table) => tables.table(table));
  // Upkeep gives way: it must not queue behind (and so in front of) a rebuild's switch or a long statement,
  // and it is worth at most a minute; failing here only leaves the work to autovacuum. The caller's own
  // statements after it (a reset's, a rebuild's) get their settings back.
  const { rows } = await trx.query<{ lock: string; statement: string }>(
    `select current_setting('lock_timeout') as lock, current_setting('statement_timeout') as statement,
       set_config('lock_timeout', '2s', true), set_config('statement_timeout', '60s', true)`,
  );
  await trx.query(
    `select gin_clean_pending_list(i.indexrelid)
     from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
     where a.amname = 'gin' and i.indrelid = any($1::text[]::regclass[])`,
    [names],
  );
  await trx.query(`analyze ${names.join(', ')}`);
  await trx.query("select set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)", [
    rows[0]?.lock ?? '0',
    rows[0]?.statement ?? '0',
  ]);
}
