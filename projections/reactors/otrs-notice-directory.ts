import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type {
  OtrsAgentLinkEvent,
  OtrsAgentSeen,
  OtrsChatRoute,
  OtrsRoutingRule,
  OtrsRoutingRulesSet,
  RoutableTicket,
} from '../../domain/otrs/index.ts';
import { routeTicket } from '../../domain/otrs/index.ts';
import type { CardAgent } from './otrs-ticket-card.ts';
import { OTRS_AGENTS, OTRS_CARDS, OTRS_LINKS, OTRS_RULES } from './otrs-notice-tables.ts';

/** The events that only keep the reactor's directory: the rules, agents' logins, and who is linked to whom. */
export type OtrsDirectoryEvent =
  | OtrsRoutingRulesSet
  | OtrsAgentSeen
  | Extract<OtrsAgentLinkEvent, { type: 'OtrsAgentLinked' | 'OtrsAgentUnlinked' }>;

export const OTRS_DIRECTORY_EVENT_TYPES: readonly OtrsDirectoryEvent['type'][] = [
  'OtrsRoutingRulesSet',
  'OtrsAgentSeen',
  'OtrsAgentLinked',
  'OtrsAgentUnlinked',
];

export const isOtrsDirectoryEvent = (event: { type: string }): event is OtrsDirectoryEvent =>
  (OTRS_DIRECTORY_EVENT_TYPES as readonly string[]).includes(event.type);

/**
 * A login as the join compares it: OTRS finds logins without case (as `otrsLoginKey`). A login the store
 * could not read (its person forgotten) joins nobody.
 */
const loginKey = (login: unknown): string | null =>
  typeof login === 'string' && login.trim() !== '' ? login.trim().toLowerCase() : null;

export async function keepOtrsDirectory(
  event: OtrsDirectoryEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  switch (event.type) {
    case 'OtrsRoutingRulesSet':
      await trx.query(
        `insert into ${tables.table(OTRS_RULES)} (key, rules) values ('rules', $1::jsonb)
         on conflict (key) do update set rules = excluded.rules`,
        [JSON.stringify(event.data.rules)],
      );
      return;
    case 'OtrsAgentSeen': {
      const key = loginKey(event.data.login);
      if (key === null) {
        await trx.query(`delete from ${tables.table(OTRS_AGENTS)} where agent_id = $1`, [event.data.agentId]);
        return;
      }
      await trx.query(
        `insert into ${tables.table(OTRS_AGENTS)} (agent_id, login, login_key) values ($1, $2, $3)
         on conflict (agent_id) do update set login = excluded.login, login_key = excluded.login_key`,
        [event.data.agentId, event.data.login.trim(), key],
      );
      return;
    }
    case 'OtrsAgentLinked': {
      const key = loginKey(event.data.login);
      if (key === null) return;
      await trx.query(
        `insert into ${tables.table(OTRS_LINKS)} (telegram_user_id, login_key) values ($1, $2)
         on conflict (telegram_user_id) do update set login_key = excluded.login_key`,
        [event.data.telegramUserId, key],
      );
      return;
    }
    case 'OtrsAgentUnlinked':
      await trx.query(`delete from ${tables.table(OTRS_LINKS)} where telegram_user_id = $1`, [
        event.data.telegramUserId,
      ]);
      // Whatever the reason (their own, revoked, forgotten), their private chat learns nothing more.
      await retirePersonalCards([event.data.telegramUserId], trx, tables);
      return;
  }
}

async function rules(trx: ProjectionTransaction, tables: ProjectionTables): Promise<OtrsRoutingRule[]> {
  const { rows } = await trx.query<{ rules: OtrsRoutingRule[] }>(
    `select rules from ${tables.table(OTRS_RULES)} where key = 'rules'`,
  );
  return rows[0]?.rules ?? [];
}

/** The agents of `agentIds` as a card names them: their login, and the Telegram user linked to it (if any). */
export async function cardAgents(
  agentIds: readonly number[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<Map<number, CardAgent>> {
  const found = new Map<number, CardAgent>();
  if (agentIds.length === 0) return found;
  const { rows } = await trx.query<{ agent_id: number; login: string; telegram_user_id: string | null }>(
    `select a.agent_id, a.login,
       (select min(l.telegram_user_id) from ${tables.table(OTRS_LINKS)} l where l.login_key = a.login_key)
         as telegram_user_id
     from ${tables.table(OTRS_AGENTS)} a where a.agent_id = any($1::int[])`,
    [agentIds],
  );
  for (const row of rows) {
    found.set(row.agent_id, {
      agentId: row.agent_id,
      login: row.login,
      telegramUserId: row.telegram_user_id === null ? null : Number(row.telegram_user_id),
      name: null,
    });
  }
  for (const agentId of agentIds) {
    if (!found.has(agentId)) found.set(agentId, { agentId, login: null, telegramUserId: null, name: null });
  }
  return found;
}

/** Where a ticket's card goes: the rules' chats, and the private chats of the agents they name who are linked. */
export interface CardDestinations {
  readonly chats: readonly OtrsChatRoute[];
  /** Telegram user ids (their private chat with the bot). */
  readonly people: readonly number[];
  readonly matched: boolean;
}

export async function cardDestinations(
  ticket: RoutableTicket,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<CardDestinations> {
  const routed = routeTicket(await rules(trx, tables), ticket);
  const agents = await cardAgents(routed.agentIds, trx, tables);
  const people = [
    ...new Set(
      [...agents.values()].flatMap((agent) => (agent.telegramUserId === null ? [] : [agent.telegramUserId])),
    ),
  ];
  return { chats: routed.chats, people, matched: routed.matched };
}

/** Forgets the personal cards in these users' private chats: they are never edited again. */
export async function retirePersonalCards(
  telegramUserIds: readonly number[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  if (telegramUserIds.length === 0) return;
  await trx.query(`delete from ${tables.table(OTRS_CARDS)} where personal and chat_id = any($1::bigint[])`, [
    telegramUserIds,
  ]);
}

/** Forgets these cards (by their keys): they are never edited again. */
export async function retireCards(
  messageKeys: readonly string[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  if (messageKeys.length === 0) return;
  await trx.query(`delete from ${tables.table(OTRS_CARDS)} where message_key = any($1::text[])`, [
    messageKeys,
  ]);
}

/** The Telegram users linked now to any of `agentIds` (the ticket's owner and responsible). */
export async function linkedUsersOf(
  agentIds: readonly (number | null)[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<Set<number>> {
  const ids = agentIds.filter((id): id is number => id !== null);
  if (ids.length === 0) return new Set();
  const { rows } = await trx.query<{ telegram_user_id: string }>(
    `select l.telegram_user_id from ${tables.table(OTRS_LINKS)} l
     join ${tables.table(OTRS_AGENTS)} a on a.login_key = l.login_key where a.agent_id = any($1::int[])`,
    [ids],
  );
  return new Set(rows.map((row) => Number(row.telegram_user_id)));
}
