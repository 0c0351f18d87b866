import type { ColumnType } from 'kysely';
import type { TelegramAccessStatus, TelegramChatType, TelegramRole } from '../../domain/telegram/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';

/** Logical names of the telegram projector's tables (schema `telegram`). */
export const USERS = 'users';
export const CHATS = 'chats';
export const TOPICS = 'topics';

/** A bigint id: pg reads int8 as a string (it may exceed a double); written from Telegram's numbers. */
type TelegramId = ColumnType<string, number | string, number | string>;
/** A timestamp pg reads as a `Date`; written as the event's ISO `occurredAt`. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** `telegram.users`: who may use the bot, with which role. */
export interface TelegramUsersTable {
  telegram_user_id: TelegramId;
  username: string | null;
  first_name: string;
  last_name: string | null;
  language_code: string | null;
  status: TelegramAccessStatus;
  role: TelegramRole | null;
  registered_at: Timestamp;
  updated_at: Timestamp;
}

/** `telegram.chats`: the groups and channels notifications can be routed to. */
export interface TelegramChatsTable {
  chat_id: TelegramId;
  type: TelegramChatType;
  title: string | null;
  is_forum: boolean;
  registered_at: Timestamp;
  updated_at: Timestamp;
}

/** `telegram.topics`: the forum topics of those chats. */
export interface TelegramTopicsTable {
  chat_id: TelegramId;
  thread_id: TelegramId;
  name: string | null;
  registered_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * The telegram read models as Kysely sees them (live table names). A type, not an interface: `withTables<T>()`,
 * how the runtime hands it the node's Kysely, wants an index-signature-compatible map, which interfaces are not.
 */
export type TelegramDatabase = {
  'telegram.users': TelegramUsersTable;
  'telegram.chats': TelegramChatsTable;
  'telegram.topics': TelegramTopicsTable;
};

/** Creates the telegram tables under the given names (idempotent). */
export async function createTelegramTables(
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(
    `create table if not exists ${tables.table(USERS)} (
      telegram_user_id bigint primary key,
      username text,
      first_name text not null,
      last_name text,
      language_code text,
      status text not null,
      role text,
      registered_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(CHATS)} (
      chat_id bigint primary key,
      type text not null,
      title text,
      is_forum boolean not null,
      registered_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(TOPICS)} (
      chat_id bigint not null,
      thread_id bigint not null,
      name text,
      registered_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (chat_id, thread_id)
    )`,
  );
}
