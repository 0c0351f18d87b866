import type pg from 'pg';
import { inTransaction } from '../../projections/in-transaction.ts';

const DAY_MS = 86_400_000;
const NAME = /^check_results_(\d{4})(\d{2})(\d{2})$/;

/** The UTC day (its midnight, epoch ms) that `ms` falls in. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** `check_results_20261203`: the partition of the UTC day starting at `dayMs`. */
export function partitionName(dayMs: number): string {
  return `check_results_${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

/** The day (midnight, epoch ms) of a partition this store made; `null` for any other table. */
export function dayOfPartition(name: string): number | null {
  const match = NAME.exec(name);
  if (!match) return null;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** The partitions of `monitoring.check_results` now attached, by name. */
export async function listPartitions(db: pg.Pool | pg.PoolClient): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'monitoring.check_results'::regclass order by c.relname`,
  );
  return rows.map((row) => row.name);
}

// Dropping a partition locks the parent against every reader and writer: wait for that lock briefly and give
// up (the next run tries again) rather than queue every writer behind it for long.
const LOCK_TIMEOUT = `set local lock_timeout = '2s'`;
const SERIALISE = `select pg_advisory_xact_lock(hashtext('monitoring.check_results:partitions'))`;

// On `inTransaction`'s connection: a session the server ends mid-DDL (a restart, an operator's terminate) is
// heard there, where an unheard client 'error' would crash the process.
function inDdlTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query(LOCK_TIMEOUT);
    await client.query(SERIALISE);
    return work(client);
  });
}

/** Creates the partitions of the given days that do not exist yet; returns the names it created. */
export function createDayPartitions(pool: pg.Pool, days: readonly number[]): Promise<string[]> {
  return inDdlTransaction(pool, async (client) => {
    const existing = new Set(await listPartitions(client));
    const created: string[] = [];
    for (const day of [...new Set(days.map(dayOf))].sort((a, b) => a - b)) {
      const name = partitionName(day);
      if (existing.has(name)) continue;
      // Made apart, then attached: ATTACH locks the parent only against other DDL (SHARE UPDATE EXCLUSIVE), so
      // writers and readers go on; CREATE ... PARTITION OF would lock them all out. Attaching builds the
      // parent's indexes on it. Names and bounds are built from numbers here, never from input text.
      await client.query(
        `create table monitoring.${name} (like monitoring.check_results including defaults including constraints)`,
      );
      await client.query(
        `alter table monitoring.check_results attach partition monitoring.${name}
           for values from ('${new Date(day).toISOString()}') to ('${new Date(day + DAY_MS).toISOString()}')`,
      );
      created.push(name);
    }
    return created;
  });
}

/** Drops the day partitions whose whole day ended before `cutoffMs`; returns the names it dropped. */
export function dropPartitionsBefore(pool: pg.Pool, cutoffMs: number): Promise<string[]> {
  return inDdlTransaction(pool, async (client) => {
    const dropped: string[] = [];
    for (const name of await listPartitions(client)) {
      const day = dayOfPartition(name);
      if (day === null || day + DAY_MS > cutoffMs) continue;
      await client.query(`drop table monitoring.${name}`);
      dropped.push(name);
    }
    return dropped;
  });
}

export { DAY_MS };
