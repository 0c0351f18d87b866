import { type Kysely, sql } from 'kysely';

/**
 * A result taken while its check was in a maintenance window is kept but marked (#15): a planned window must not
 * lower the uptime (Uptime Kuma and Zabbix's SLA leave maintenance out the same way).
 *
 * `check_results.in_maintenance`: added on the partitioned parent, it reaches every day partition; a constant
 * default is only catalog metadata in PostgreSQL 11 and later, so no partition is rewritten. Day partitions made
 * later copy it (`like ... including defaults`). The rows' indexes are left as they are: the uptime reads the
 * rollup, not them.
 *
 * `check_results_hourly.maintenance`: the hour's results in maintenance. `total` and `up` leave them out, so
 * every uptime read of the rollup excludes them as it is; the latency sums keep them (a window's answers were
 * real answers: the latency chart shows a slow migration as it was).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table monitoring.check_results add column if not exists in_maintenance boolean not null default false`.execute(
    db,
  );
  await sql`
    alter table monitoring.check_results_hourly add column if not exists maintenance integer not null default 0`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table monitoring.check_results_hourly drop column if exists maintenance`.execute(db);
  await sql`alter table monitoring.check_results drop column if exists in_maintenance`.execute(db);
}
