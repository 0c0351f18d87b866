import { randomUUID } from 'node:crypto';
import type { ProjectionTransaction, Projector } from '../../projections/index.ts';
import type { TestDatabase } from './test-database.ts';

/** The test read model of `rowsProjector`. */
export interface RowsProjector extends Projector {
  readonly id: string;
  /** The event type it writes a row for. */
  readonly tick: string;
  /** An event type it reads too, and fails on while `poisoned()`. */
  readonly poison: string;
  /** Its live table, with the schema: `core.rows_<id>`. */
  readonly table: string;
}

export interface RowsProjectorOptions {
  /** Awaited before every batch's write, to pause an owner mid-batch. */
  gate?: () => Promise<void>;
  /** While true, poison events fail. */
  poisoned?: () => boolean;
  /** Its `afterCatchUp`, given the table's row count; it has none without. */
  upkeep?: (rows: number, trx: ProjectionTransaction) => Promise<void> | void;
}

/**
 * A test read model: one row per event, deliberately without a unique key, so that an event applied twice
 * (a failed fence) would show as a duplicate. Each call has its own name, table and event types, unless given
 * the `id` of another: two projectors of one read model, as two nodes run it.
 */
export function rowsProjector(
  options: RowsProjectorOptions = {},
  id = randomUUID().slice(0, 8),
): RowsProjector {
  const table = `rows_${id}`;
  const { upkeep } = options;
  return {
    id,
    tick: `Tick-${id}`,
    poison: `Poison-${id}`,
    table: `core.${table}`,
    name: `rows-${id}`,
    version: 1,
    schema: 'core',
    tables: [table],
    eventTypes: [`Tick-${id}`, `Poison-${id}`],
    async createTables(trx, tables) {
      await trx.query(
        `create table if not exists ${tables.table(table)} (position bigint not null, type text not null)`,
      );
    },
    async apply(events, trx, tables) {
      await options.gate?.();
      const poisoned = events.find((e) => e.type === `Poison-${id}` && options.poisoned?.());
      if (poisoned) throw new Error(`poisoned at ${poisoned.position}`);
      await trx.query(
        `insert into ${tables.table(table)} (position, type) select * from unnest($1::bigint[], $2::text[])`,
        [events.map((e) => String(e.position)), events.map((e) => e.type)],
      );
    },
    ...(upkeep && {
      async afterCatchUp(trx, tables) {
        const { rows } = await trx.query<{ count: string }>(`select count(*) from ${tables.table(table)}`);
        await upkeep(Number(rows[0]?.count), trx);
      },
    }),
  };
}

/** How many rows the live table of `projector` holds, and how many distinct events they are of. */
export async function rowsOf(database: TestDatabase, projector: RowsProjector) {
  const { rows } = await database.pool.query<{ total: string; distinct: string }>(
    `select count(*) as total, count(distinct position) as distinct from ${projector.table}`,
  );
  return { total: Number(rows[0]?.total), distinct: Number(rows[0]?.distinct) };
}
