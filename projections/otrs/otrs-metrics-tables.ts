import type { ColumnType } from 'kysely';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { quoteIdentifier } from '../../application/ports/projection-tables.ts';
import type { TicketActionKind, TicketLock } from '../../domain/otrs/index.ts';
import { OTRS_SCHEMA } from './otrs-tables.ts';

/** Succeeded actions per Telegram user, UTC day and kind (the original bot's table of agent actions). */
export const AGENT_ACTIONS = 'agent_actions';
/** How each ticket went: created, taken (when, by whom), closed (when, by whom). */
export const TICKET_TIMINGS = 'ticket_timings';

export const AGENT_ACTIONS_TABLE = `${OTRS_SCHEMA}.${AGENT_ACTIONS}` as const;
export const TICKET_TIMINGS_TABLE = `${OTRS_SCHEMA}.${TICKET_TIMINGS}` as const;

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type BigInt = ColumnType<string, number | string, number | string>;

export interface AgentActionsTable {
  telegram_user_id: BigInt;
  /** `YYYY-MM-DD` (UTC), read as text. */
  day: ColumnType<string, string, string>;
  kind: TicketActionKind;
  count: number;
}

/**
 * One row per ticket. A take is the first of: a take through TBot that OTRS confirmed (`taken_by_user`), or
 * OTRS showing the ticket locked by an owner (`taken_by_agent`, also filled in after a take through TBot once
 * the feed sees its owner). A close is the first closed state seen (`closed_by_agent`: its owner then) or a
 * close through TBot (`closed_by_user`). `owner_id` and `lock` are the ticket's now, to tell the two apart.
 */
export interface TicketTimingsTable {
  ticket_id: BigInt;
  created: Timestamp;
  owner_id: number | null;
  lock: TicketLock;
  taken_at: NullableTimestamp;
  taken_by_user: BigInt | null;
  taken_by_agent: number | null;
  closed_at: NullableTimestamp;
  closed_by_user: BigInt | null;
  closed_by_agent: number | null;
}

export type OtrsMetricsDatabase = {
  [AGENT_ACTIONS_TABLE]: AgentActionsTable;
  [TICKET_TIMINGS_TABLE]: TicketTimingsTable;
};

export async function createOtrsMetricsTables(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(
    `create table if not exists ${tables.table(AGENT_ACTIONS)} (
      telegram_user_id bigint not null,
      day date not null,
      kind text not null,
      count integer not null,
      primary key (telegram_user_id, day, kind)
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(TICKET_TIMINGS)} (
      ticket_id bigint primary key,
      created timestamptz not null,
      owner_id integer,
      lock text not null,
      taken_at timestamptz,
      taken_by_user bigint,
      taken_by_agent integer,
      closed_at timestamptz,
      closed_by_user bigint,
      closed_by_agent integer
    )`,
  );
}

const indexes: readonly (readonly [string, string, string])[] = [
  [AGENT_ACTIONS, 'day', '(day)'],
  [TICKET_TIMINGS, 'taken', '(taken_at) where taken_at is not null'],
  [TICKET_TIMINGS, 'closed', '(closed_at) where closed_at is not null'],
];

export async function createOtrsMetricsIndexes(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  for (const [table, suffix, definition] of indexes) {
    const index = quoteIdentifier(`${tables.rawName(table)}_${suffix}`);
    await trx.query(`create index if not exists ${index} on ${tables.table(table)} ${definition}`);
  }
}
