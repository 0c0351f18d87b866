import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { markReactorStart } from './outbox-writes.ts';

/** The reactor's name: its projection, its outbox rows' `reactor`, its start line. */
export const OTRS_NOTICES = 'otrs-notices';

/** The routing rules as last set (one row, key `rules`). */
export const OTRS_RULES = 'otrs_notice_rules';
/** Agent id → login as OTRS reported it (`OtrsAgentSeen`), with the login's lower-case key for the join. */
export const OTRS_AGENTS = 'otrs_notice_agents';
/** Telegram user → the login key they linked (`OtrsAgentLinked`), while linked. */
export const OTRS_LINKS = 'otrs_notice_links';
/** What a card shows of each ticket, as its events last said. */
export const OTRS_TICKETS = 'otrs_notice_tickets';
/**
 * Every card sent: which ticket, which chat (and topic); its key is the dedupe key of the row that sent it, its
 * `seq` the order they were sent in (a ticket's edits go out in that order).
 */
export const OTRS_CARDS = 'otrs_notice_cards';

export const OTRS_NOTICE_TABLES = [OTRS_RULES, OTRS_AGENTS, OTRS_LINKS, OTRS_TICKETS, OTRS_CARDS] as const;

export async function createOtrsNoticeTables(trx: ProjectionTransaction, tables: ProjectionTables) {
  await trx.query(
    `create table if not exists ${tables.table(OTRS_RULES)} (key text primary key, rules jsonb not null)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(OTRS_AGENTS)} (
      agent_id integer primary key, login text not null, login_key text not null)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(OTRS_LINKS)} (
      telegram_user_id bigint primary key, login_key text not null)`,
  );
  // `subject_id`: whose key the title and customer are under, `excerpt_subject_id` the latest article's, so
  // that a forget of that person scrubs them (`otrs-notice-forgetting.ts`).
  await trx.query(
    `create table if not exists ${tables.table(OTRS_TICKETS)} (
      ticket_id integer primary key, number text not null, subject_id text, title text, customer jsonb,
      state jsonb not null, queue jsonb not null, priority jsonb not null, lock text not null,
      owner_id integer, responsible_id integer, excerpt text, excerpt_subject_id text,
      article_id integer)`,
  );
  await trx.query(
    `create table if not exists ${tables.table(OTRS_CARDS)} (
      message_key text primary key, ticket_id integer not null, chat_id bigint not null, thread_id bigint,
      personal boolean not null, seq bigint generated always as identity)`,
  );
  await markReactorStart(trx, OTRS_NOTICES, tables, OTRS_RULES);
}

export async function createOtrsNoticeIndexes(trx: ProjectionTransaction, tables: ProjectionTables) {
  await trx.query(
    `create index if not exists ${tables.rawName(OTRS_CARDS)}_ticket on ${tables.table(OTRS_CARDS)} (ticket_id)`,
  );
  await trx.query(
    `create index if not exists ${tables.rawName(OTRS_AGENTS)}_login on ${tables.table(OTRS_AGENTS)} (login_key)`,
  );
  await trx.query(
    `create index if not exists ${tables.rawName(OTRS_LINKS)}_login on ${tables.table(OTRS_LINKS)} (login_key)`,
  );
}
