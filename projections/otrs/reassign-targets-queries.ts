import type { Kysely } from 'kysely';
import type { OtrsDatabase } from './otrs-tables.ts';

const bounded = (limit: number) => Math.min(Math.max(Math.trunc(limit), 1), 500);

/**
 * Whom a ticket can be reassigned to, for the bot's picker (#16): the Telegram users linked to an OTRS login
 * (an expired session is still a linked agent: the reassignment is made with the asking agent's session), and
 * the queues of the tickets TBot has seen (OTRS's GenericTicketConnector has no queue list), each by name.
 */
export function otrsReassignTargets(db: Kysely<OtrsDatabase>) {
  return {
    async agents(limit: number): Promise<{ telegramUserId: number; login: string }[]> {
      const rows = await db
        .selectFrom('otrs.links')
        .select(['telegram_user_id', 'login'])
        .where('login', 'is not', null)
        .orderBy('login_key')
        .orderBy('telegram_user_id')
        .limit(bounded(limit))
        .execute();
      return rows.flatMap((row) =>
        row.login === null ? [] : [{ telegramUserId: Number(row.telegram_user_id), login: row.login }],
      );
    },

    async queues(limit: number): Promise<{ queueId: number; name: string }[]> {
      // A queue's name as its most recently changed ticket shows it (a queue renamed in OTRS).
      const rows = await db
        .selectFrom('otrs.tickets')
        .select(['queue_id', 'queue'])
        .distinctOn('queue_id')
        .orderBy('queue_id')
        .orderBy('changed', 'desc')
        .limit(500)
        .execute();
      return rows
        .map((row) => ({ queueId: row.queue_id, name: row.queue }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.queueId - b.queueId)
        .slice(0, bounded(limit));
    },

    async queueName(queueId: number): Promise<string | null> {
      if (!Number.isSafeInteger(queueId) || queueId <= 0 || queueId > 2_147_483_647) return null;
      const row = await db
        .selectFrom('otrs.tickets')
        .select('queue')
        .where('queue_id', '=', queueId)
        .orderBy('changed', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.queue ?? null;
    },
  };
}
