import { type Kysely, sql } from 'kysely';
import type { TicketActionKind } from '../../domain/otrs/index.ts';
import type { OtrsMetricsDatabase } from './otrs-metrics-tables.ts';
import type { OtrsDatabase } from './otrs-tables.ts';

/** How long something took over a range: how many, on average and at most (seconds). */
export interface DurationView {
  readonly count: number;
  readonly averageSeconds: number | null;
  readonly maxSeconds: number | null;
}

export type ActionCounts = Readonly<Record<TicketActionKind, number>>;

/**
 * One agent's figures over a range. An agent is an OTRS agent id when known (the link's login seen on a
 * ticket), else a linked Telegram user; `login` is `null` once forgotten.
 */
export interface AgentMetricsView {
  readonly agentId: number | null;
  readonly telegramUserId: number | null;
  readonly login: string | null;
  readonly actions: ActionCounts;
  /** UTC days with an action, oldest first. */
  readonly actionsByDay: readonly ({ readonly day: string } & ActionCounts)[];
  readonly timeToTake: DurationView;
  readonly timeToClose: DurationView;
}

export interface MetricsRange {
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
}

const KINDS: readonly TicketActionKind[] = ['take', 'note', 'reassign', 'close'];
const noActions = (): Record<TicketActionKind, number> => ({ take: 0, note: 0, reassign: 0, close: 0 });
const noDuration: DurationView = { count: 0, averageSeconds: null, maxSeconds: null };

interface DurationRow {
  readonly agent: number | null;
  readonly user: string | null;
  readonly n: string;
  readonly total: number;
  readonly max: number;
}

interface Identity {
  agentId: number | null;
  telegramUserId: number | null;
  login: string | null;
  actions: Record<TicketActionKind, number>;
  byDay: Map<string, Record<TicketActionKind, number>>;
  timeToTake: { count: number; total: number; max: number };
  timeToClose: { count: number; total: number; max: number };
}

const duration = (sum: { count: number; total: number; max: number }): DurationView =>
  sum.count === 0
    ? noDuration
    : {
        count: sum.count,
        averageSeconds: Math.round(sum.total / sum.count),
        maxSeconds: Math.round(sum.max),
      };

/** The per-agent metrics of `otrs-metrics`, with the links and agents of `otrs` naming who is who. */
export function otrsMetricsQueries(db: Kysely<OtrsMetricsDatabase & OtrsDatabase>) {
  async function durations(at: 'taken' | 'closed', range: MetricsRange): Promise<DurationRow[]> {
    const [time, agent, user] =
      at === 'taken'
        ? [sql.ref('taken_at'), sql.ref('taken_by_agent'), sql.ref('taken_by_user')]
        : [sql.ref('closed_at'), sql.ref('closed_by_agent'), sql.ref('closed_by_user')];
    const seconds = sql`greatest(0, extract(epoch from (${time} - created)))`;
    const { rows } = await sql<DurationRow>`
      select ${agent} as agent, ${user}::text as "user", count(*)::text as n,
        coalesce(sum(${seconds}), 0)::float8 as total, coalesce(max(${seconds}), 0)::float8 as max
      from otrs.ticket_timings
      where ${time} >= ${range.from.toISOString()}::timestamptz and ${time} < ${range.to.toISOString()}::timestamptz
        and (${agent} is not null or ${user} is not null)
      group by 1, 2`.execute(db);
    return rows;
  }

  async function all(range: MetricsRange): Promise<AgentMetricsView[]> {
    const links = await db
      .selectFrom('otrs.links as l')
      .leftJoin('otrs.agents as a', 'a.login_key', 'l.login_key')
      .select(['l.telegram_user_id', 'l.login', 'a.agent_id'])
      .orderBy('a.seen_at', 'desc')
      .execute();
    const agentOfUser = new Map<number, number>();
    const userOfAgent = new Map<number, number>();
    const loginOfUser = new Map<number, string | null>();
    for (const link of links) {
      const user = Number(link.telegram_user_id);
      loginOfUser.set(user, link.login);
      if (link.agent_id !== null && !agentOfUser.has(user)) {
        agentOfUser.set(user, link.agent_id);
        userOfAgent.set(link.agent_id, user);
      }
    }
    const identities = new Map<string, Identity>();
    const identityOf = (agent: number | null, user: number | null): Identity => {
      const agentId = agent ?? (user === null ? null : (agentOfUser.get(user) ?? null));
      const telegramUserId = user ?? (agentId === null ? null : (userOfAgent.get(agentId) ?? null));
      const key = agentId !== null ? `a${agentId}` : `u${telegramUserId}`;
      let identity = identities.get(key);
      if (identity === undefined) {
        identity = {
          agentId,
          telegramUserId,
          login: telegramUserId === null ? null : (loginOfUser.get(telegramUserId) ?? null),
          actions: noActions(),
          byDay: new Map(),
          timeToTake: { count: 0, total: 0, max: 0 },
          timeToClose: { count: 0, total: 0, max: 0 },
        };
        identities.set(key, identity);
      }
      return identity;
    };

    const lastDay = new Date(range.to.getTime() - 1).toISOString().slice(0, 10);
    const actions = await db
      .selectFrom('otrs.agent_actions')
      .select(['telegram_user_id', sql<string>`day::text`.as('day'), 'kind', 'count'])
      .where(sql<boolean>`day between ${range.from.toISOString().slice(0, 10)}::date and ${lastDay}::date`)
      .orderBy('day')
      .execute();
    for (const row of actions) {
      const identity = identityOf(null, Number(row.telegram_user_id));
      identity.actions[row.kind] += row.count;
      const day = identity.byDay.get(row.day) ?? noActions();
      day[row.kind] += row.count;
      identity.byDay.set(row.day, day);
    }
    for (const [at, field] of [
      ['taken', 'timeToTake'],
      ['closed', 'timeToClose'],
    ] as const) {
      for (const row of await durations(at, range)) {
        const identity = identityOf(row.agent, row.user === null ? null : Number(row.user));
        const sum = identity[field];
        sum.count += Number(row.n);
        sum.total += row.total;
        sum.max = Math.max(sum.max, row.max);
      }
    }
    const agentIds = [...identities.values()].flatMap((i) => (i.agentId === null ? [] : [i.agentId]));
    if (agentIds.length > 0) {
      const agents = await db
        .selectFrom('otrs.agents')
        .select(['agent_id', 'login'])
        .where('agent_id', 'in', agentIds)
        .execute();
      const loginOf = new Map(agents.map((agent) => [agent.agent_id, agent.login]));
      for (const identity of identities.values()) {
        if (identity.agentId !== null && loginOf.has(identity.agentId)) {
          identity.login = loginOf.get(identity.agentId) ?? identity.login;
        }
      }
    }
    return [...identities.values()]
      .map((identity) => ({
        agentId: identity.agentId,
        telegramUserId: identity.telegramUserId,
        login: identity.login,
        actions: identity.actions,
        actionsByDay: [...identity.byDay.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([day, counts]) => ({ day, ...counts })),
        timeToTake: duration(identity.timeToTake),
        timeToClose: duration(identity.timeToClose),
      }))
      .sort(
        (a, b) =>
          (a.agentId ?? Number.MAX_SAFE_INTEGER) - (b.agentId ?? Number.MAX_SAFE_INTEGER) ||
          (a.telegramUserId ?? 0) - (b.telegramUserId ?? 0),
      );
  }

  return {
    /** Every agent with an action, a take or a close in the range. */
    agentMetrics: all,

    /** One linked Telegram user's figures (zeros when they did nothing in the range). */
    async metricsOfTelegramUser(telegramUserId: number, range: MetricsRange): Promise<AgentMetricsView> {
      const found = (await all(range)).find((view) => view.telegramUserId === telegramUserId);
      return (
        found ?? {
          agentId: null,
          telegramUserId,
          login: null,
          actions: noActions(),
          actionsByDay: [],
          timeToTake: noDuration,
          timeToClose: noDuration,
        }
      );
    },
  };
}

export type OtrsMetricsQueries = ReturnType<typeof otrsMetricsQueries>;
export { KINDS as TICKET_ACTION_KINDS };
