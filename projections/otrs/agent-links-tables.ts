import type { ColumnType } from 'kysely';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';

/** Logical name of the agent links table (schema `otrs`). */
export const AGENT_LINKS = 'agent_links';

/** A bigint id: pg reads int8 as a string; written from Telegram's numbers. */
type TelegramId = ColumnType<string, number | string, number | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/**
 * `otrs.agent_links`: the Telegram users linked to an OTRS agent, and whether their session is live. The login
 * is personal data, here as the log reads it with its owner's key (a forget deletes the row; a rebuild after
 * one finds the login unreadable and keeps no row).
 */
export interface OtrsAgentLinksTable {
  telegram_user_id: TelegramId;
  login: string;
  session: 'active' | 'expired';
  linked_at: Timestamp;
  updated_at: Timestamp;
}

/** The agent links read model as Kysely sees it (live table name). */
export type OtrsAgentLinksDatabase = {
  'otrs.agent_links': OtrsAgentLinksTable;
};

export async function createAgentLinksTables(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(
    `create table if not exists ${tables.table(AGENT_LINKS)} (
      telegram_user_id bigint primary key,
      login text not null,
      session text not null check (session in ('active', 'expired')),
      linked_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
}
