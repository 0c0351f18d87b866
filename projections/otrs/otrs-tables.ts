import type { ColumnType, Generated } from 'kysely';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { quoteIdentifier } from '../../application/ports/projection-tables.ts';
import type { EscalationKind, TicketLock } from '../../domain/otrs/index.ts';

/** The schema of the OTRS read models (created by the first migration, with the others). */
export const OTRS_SCHEMA = 'otrs';

/** One row per ticket TBot has seen: what the bot, the API and the escalation timer read. */
export const TICKETS = 'tickets';
/** One row per OTRS agent id seen on a ticket: its login while the agent is not forgotten. */
export const AGENTS = 'agents';
/** One row per Telegram user linked to an OTRS login (an unlink deletes the row). */
export const LINKS = 'links';

export const TICKETS_TABLE = `${OTRS_SCHEMA}.${TICKETS}` as const;
export const AGENTS_TABLE = `${OTRS_SCHEMA}.${AGENTS}` as const;
export const LINKS_TABLE = `${OTRS_SCHEMA}.${LINKS}` as const;

/** A `timestamptz`: read as a `Date`, written as an ISO time. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** A `bigint`: the driver reads it as text. */
type BigInt = ColumnType<string, number | string, number | string>;
/** A `jsonb` column: read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;

/** What was announced of each escalation kind: due time (the event's ISO text) → level. */
export type AnnouncedEscalations = {
  readonly [K in EscalationKind]?: Readonly<Record<string, 'near' | 'escalated'>>;
};

/**
 * A ticket as its events left it. The personal columns (title, customer, excerpt) hold what the log's lens
 * decrypted; they are `null` once their subject is forgotten (a forgetting event scrubs them, a rebuild reads
 * them as `null`). `subject_id` is the title's and the customer's subject, `excerpt_subject_id` the latest
 * article's (a customer change moves the one, not the other).
 */
export interface TicketsTable {
  ticket_id: BigInt;
  number: string;
  subject_id: string | null;
  title: string | null;
  customer_user_id: string | null;
  customer_id: string | null;
  customer_name: string | null;
  queue_id: number;
  queue: string;
  priority_id: number;
  priority: string;
  state: string;
  state_type: string;
  /** The state type is closed, removed or merged: no action but a note, no escalation. */
  closed: boolean;
  lock: TicketLock;
  owner_id: number | null;
  responsible_id: number | null;
  /** OTRS's creation and latest change times (UTC). */
  created: Timestamp;
  changed: Timestamp;
  first_response_due: NullableTimestamp;
  update_due: NullableTimestamp;
  solution_due: NullableTimestamp;
  /** The level announced for each kind's current due time (`null`: nothing yet). */
  first_response_announced: 'near' | 'escalated' | null;
  update_announced: 'near' | 'escalated' | null;
  solution_announced: 'near' | 'escalated' | null;
  /** Every announced escalation, so that a due time that moves back is still the one escalation. */
  announced: Json<AnnouncedEscalations>;
  article_id: BigInt | null;
  article_sender: 'agent' | 'customer' | 'system' | null;
  article_visible_for_customer: boolean | null;
  article_excerpt: string | null;
  article_at: NullableTimestamp;
  excerpt_subject_id: string | null;
  /** When TBot recorded the ticket's latest event (its metadata's `occurredAt`). */
  updated_at: Timestamp;
}

/** An OTRS agent as tickets name them; `login` is `null` once the agent is forgotten. */
export interface AgentsTable {
  agent_id: number;
  login: string | null;
  /** `lower(login)`: OTRS compares logins without case, so do the joins to the links. */
  login_key: Generated<string | null>;
  seen_at: Timestamp;
}

/** A Telegram user's link: its login (their own key's; `null` once forgotten) and whether OTRS's session lives. */
export interface LinksTable {
  telegram_user_id: BigInt;
  login: string | null;
  login_key: Generated<string | null>;
  status: 'active' | 'expired';
  linked_at: Timestamp;
  updated_at: Timestamp;
}

/** The OTRS read model as its queries see it: `db.withTables<OtrsDatabase>()`. */
export type OtrsDatabase = {
  [TICKETS_TABLE]: TicketsTable;
  [AGENTS_TABLE]: AgentsTable;
  [LINKS_TABLE]: LinksTable;
};

export async function createOtrsTables(trx: ProjectionTransaction, tables: ProjectionTables): Promise<void> {
  await trx.query(
    `create table if not exists ${tables.table(TICKETS)} (
      ticket_id bigint primary key,
      number text not null,
      subject_id text,
      title text,
      customer_user_id text,
      customer_id text,
      customer_name text,
      queue_id integer not null,
      queue text not null,
      priority_id integer not null,
      priority text not null,
      state text not null,
      state_type text not null,
      closed boolean not null,
      lock text not null,
      owner_id integer,
      responsible_id integer,
      created timestamptz not null,
      changed timestamptz not null,
      first_response_due timestamptz,
      update_due timestamptz,
      solution_due timestamptz,
      first_response_announced text,
      update_announced text,
      solution_announced text,
      announced jsonb not null default '{}',
      article_id bigint,
      article_sender text,
      article_visible_for_customer boolean,
      article_excerpt text,
      article_at timestamptz,
      excerpt_subject_id text,
      updated_at timestamptz not null
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(AGENTS)} (
      agent_id integer primary key,
      login text,
      login_key text generated always as (lower(login)) stored,
      seen_at timestamptz not null
    )`,
  );
  await trx.query(
    `create table if not exists ${tables.table(LINKS)} (
      telegram_user_id bigint primary key,
      login text,
      login_key text generated always as (lower(login)) stored,
      status text not null,
      linked_at timestamptz not null,
      updated_at timestamptz not null
    )`,
  );
}

/** Index name suffix → table and definition. */
const indexes: readonly (readonly [string, string, string])[] = [
  [TICKETS, 'number', '(number)'],
  [TICKETS, 'open_created', '(created, ticket_id) where not closed'],
  [TICKETS, 'open_queue', '(lower(queue), created, ticket_id) where not closed'],
  [TICKETS, 'open_owner', '(owner_id, created, ticket_id) where not closed'],
  [TICKETS, 'subject', '(subject_id)'],
  [TICKETS, 'excerpt_subject', '(excerpt_subject_id)'],
  [TICKETS, 'escalation', '(least(first_response_due, update_due, solution_due)) where not closed'],
  [AGENTS, 'login', '(login_key)'],
  [LINKS, 'login', '(login_key)'],
];

export async function createOtrsIndexes(trx: ProjectionTransaction, tables: ProjectionTables): Promise<void> {
  for (const [table, suffix, definition] of indexes) {
    // Named after the physical table: a rebuild's `if not exists` must not find the live table's index.
    const index = quoteIdentifier(`${tables.rawName(table)}_${suffix}`);
    await trx.query(`create index if not exists ${index} on ${tables.table(table)} ${definition}`);
  }
}
