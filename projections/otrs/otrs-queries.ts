import { type Kysely, type Selectable, sql } from 'kysely';
import { MAX_ESCALATION_WARNING_SECONDS, type OtrsAgentRef } from '../../domain/otrs/index.ts';
import type { OtrsDatabase, TicketsTable } from './otrs-tables.ts';
import {
  type AgentUserView,
  type LinkView,
  MAX_TICKETS_PAGE,
  type OpenTicketsFilter,
  type TicketPage,
  type TicketView,
} from './otrs-views.ts';

export type * from './otrs-views.ts';
export { MAX_TICKETS_PAGE } from './otrs-views.ts';

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());
/** A Telegram user id or an OTRS id as PostgreSQL takes it; anything else finds nothing. */
const isId = (value: number): boolean => Number.isSafeInteger(value) && value > 0;

type TicketRow = Selectable<TicketsTable> & {
  readonly owner_login: string | null;
  readonly responsible_login: string | null;
};

const ticketView = (row: TicketRow): TicketView => ({
  ticketId: Number(row.ticket_id),
  number: row.number,
  title: row.title,
  customer:
    row.customer_user_id === null
      ? null
      : { userId: row.customer_user_id, customerId: row.customer_id, name: row.customer_name },
  queue: { id: row.queue_id, name: row.queue },
  priority: { id: row.priority_id, name: row.priority },
  state: row.state,
  stateType: row.state_type,
  closed: row.closed,
  lock: row.lock,
  ownerId: row.owner_id,
  ownerLogin: row.owner_login,
  responsibleId: row.responsible_id,
  responsibleLogin: row.responsible_login,
  created: iso(row.created),
  changed: iso(row.changed),
  escalations: {
    firstResponse: isoOrNull(row.first_response_due),
    update: isoOrNull(row.update_due),
    solution: isoOrNull(row.solution_due),
  },
  latestArticle:
    row.article_id === null
      ? null
      : {
          articleId: Number(row.article_id),
          senderType: row.article_sender ?? 'system',
          visibleForCustomer: row.article_visible_for_customer ?? false,
          excerpt: row.article_excerpt,
          at: iso(row.article_at ?? row.changed),
        },
});

/** A ticket due for an escalation check: its id and its earliest due time. */
export interface DueEscalation {
  readonly ticketId: number;
  readonly due: string;
}

/**
 * The reads of the OTRS read model, for the bot, the API, the cards and the actions. Each answers what the
 * projection has applied so far (a projection's lag behind the log).
 */
export function otrsQueries(db: Kysely<OtrsDatabase>) {
  const tickets = () =>
    db
      .selectFrom('otrs.tickets as t')
      .leftJoin('otrs.agents as o', 'o.agent_id', 't.owner_id')
      .leftJoin('otrs.agents as r', 'r.agent_id', 't.responsible_id')
      .selectAll('t')
      .select(['o.login as owner_login', 'r.login as responsible_login']);

  /** The agent ids whose login is the link's (without case), newest seen first. */
  const agentsOfLink = (telegramUserId: number) =>
    db
      .selectFrom('otrs.links as l')
      .innerJoin('otrs.agents as a', 'a.login_key', 'l.login_key')
      .select(['a.agent_id', 'l.status'])
      .where('l.telegram_user_id', '=', String(telegramUserId))
      .orderBy('a.seen_at', 'desc')
      .orderBy('a.agent_id', 'desc');

  async function linkOf(telegramUserId: number): Promise<LinkView | null> {
    if (!isId(telegramUserId)) return null;
    const row = await db
      .selectFrom('otrs.links')
      .selectAll()
      .where('telegram_user_id', '=', String(telegramUserId))
      .executeTakeFirst();
    if (row === undefined) return null;
    return { telegramUserId, login: row.login, status: row.status, linkedAt: iso(row.linked_at) };
  }

  async function agentIdOfTelegramUser(telegramUserId: number): Promise<number | null> {
    if (!isId(telegramUserId)) return null;
    const row = await agentsOfLink(telegramUserId).executeTakeFirst();
    return row?.agent_id ?? null;
  }

  return {
    async ticketById(ticketId: number): Promise<TicketView | null> {
      if (!isId(ticketId)) return null;
      const row = await tickets().where('t.ticket_id', '=', String(ticketId)).executeTakeFirst();
      return row ? ticketView(row) : null;
    },

    /** By OTRS's ticket number (digits); the newest should OTRS ever reuse one. */
    async ticketByNumber(number: string): Promise<TicketView | null> {
      if (!/^\d{1,50}$/.test(number)) return null;
      const row = await tickets()
        .where('t.number', '=', number)
        .orderBy('t.created', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? ticketView(row) : null;
    },

    /** Open tickets, oldest first, a page at a time (a keyset cursor: pages stay right as tickets change). */
    async openTickets(filter: OpenTicketsFilter): Promise<TicketPage> {
      const limit = Math.min(Math.max(Math.trunc(filter.limit), 1), MAX_TICKETS_PAGE);
      let query = tickets().where('t.closed', '=', false);
      if (filter.queue !== undefined)
        query = query.where(sql`lower(t.queue)`, '=', filter.queue.toLowerCase());
      if (filter.ownerId !== undefined) query = query.where('t.owner_id', '=', filter.ownerId);
      if (filter.state !== undefined)
        query = query.where(sql`lower(t.state)`, '=', filter.state.toLowerCase());
      if (filter.olderThan !== undefined) query = query.where('t.created', '<', filter.olderThan);
      const { cursor } = filter;
      if (cursor !== undefined) {
        query = query.where(
          sql<boolean>`(t.created, t.ticket_id) > (${cursor.created}::timestamptz, ${String(cursor.ticketId)}::bigint)`,
        );
      }
      const rows = await query
        .orderBy('t.created')
        .orderBy('t.ticket_id')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(ticketView);
      const last = items.at(-1);
      const nextCursor =
        rows.length > limit && last !== undefined ? { created: last.created, ticketId: last.ticketId } : null;
      return { items, nextCursor };
    },

    /** How many open tickets match (for "and N more"): the filter of {@link openTickets} without paging. */
    async countOpenTickets(filter: Omit<OpenTicketsFilter, 'limit' | 'cursor'>): Promise<number> {
      let query = db
        .selectFrom('otrs.tickets as t')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('t.closed', '=', false);
      if (filter.queue !== undefined)
        query = query.where(sql`lower(t.queue)`, '=', filter.queue.toLowerCase());
      if (filter.ownerId !== undefined) query = query.where('t.owner_id', '=', filter.ownerId);
      if (filter.state !== undefined)
        query = query.where(sql`lower(t.state)`, '=', filter.state.toLowerCase());
      if (filter.olderThan !== undefined) query = query.where('t.created', '<', filter.olderThan);
      const row = await query.executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    linkOf,
    agentIdOfTelegramUser,

    /** The Telegram user linked to the agent's login (without case), active or expired; `null` if none. */
    async telegramUserOfAgent(agentId: number): Promise<AgentUserView | null> {
      if (!isId(agentId)) return null;
      const row = await db
        .selectFrom('otrs.agents as a')
        .innerJoin('otrs.links as l', 'l.login_key', 'a.login_key')
        .select(['l.telegram_user_id', 'l.status'])
        .where('a.agent_id', '=', agentId)
        .orderBy('l.linked_at', 'desc')
        .executeTakeFirst();
      return row ? { telegramUserId: Number(row.telegram_user_id), status: row.status } : null;
    },

    /** The Telegram user as an agent, for the deciders (`requireActiveAgent`). */
    async agentRefOf(telegramUserId: number): Promise<OtrsAgentRef> {
      const link = await linkOf(telegramUserId);
      if (link === null) return { telegramUserId, link: 'none', agentId: null };
      return { telegramUserId, link: link.status, agentId: await agentIdOfTelegramUser(telegramUserId) };
    },

    /**
     * Open tickets with an escalation to announce at `now` (due within `warnBeforeSeconds` and not announced
     * as near, or past due and not announced as escalated), earliest due first, at most `limit`.
     */
    async dueEscalations(options: {
      now: Date;
      warnBeforeSeconds: number;
      limit: number;
    }): Promise<DueEscalation[]> {
      const now = options.now.toISOString();
      // Capped as the decider caps it: a ticket it would not announce yet must not fill every batch (review 2 S4).
      const warn = Math.min(
        Math.max(0, Math.trunc(options.warnBeforeSeconds)),
        MAX_ESCALATION_WARNING_SECONDS,
      );
      const warnUntil = new Date(options.now.getTime() + warn * 1000).toISOString();
      const due = (column: string, announced: string) => {
        const [at, level] = [sql.ref(column), sql.ref(announced)];
        return sql`(${at} is not null and ${level} is distinct from 'escalated'
          and (${at} <= ${now}::timestamptz or (${level} is null and ${at} <= ${warnUntil}::timestamptz)))`;
      };
      const earliest = sql`least(first_response_due, update_due, solution_due)`;
      const { rows } = await sql<{ ticket_id: string; due: Date }>`
        select ticket_id, ${earliest} as due
        from otrs.tickets
        where not closed and ${earliest} <= ${warnUntil}::timestamptz
          and (${due('first_response_due', 'first_response_announced')}
            or ${due('update_due', 'update_announced')}
            or ${due('solution_due', 'solution_announced')})
        order by due, ticket_id
        limit ${Math.min(Math.max(Math.trunc(options.limit), 1), 1000)}`.execute(db);
      return rows.map((row) => ({ ticketId: Number(row.ticket_id), due: iso(row.due) }));
    },
  };
}

export type OtrsQueries = ReturnType<typeof otrsQueries>;
