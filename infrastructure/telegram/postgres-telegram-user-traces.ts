import type pg from 'pg';
import type { TelegramUserTraces } from '../../application/telegram/index.ts';

/**
 * A Telegram user's rows outside the log, in one transaction: their messages (their private chat has their id
 * as its chat id), their notifications, their OTRS agent session (the unlink drops it first; this catches a
 * row an unlink that failed left), and the inbox's finished updates of their private chat. Finished
 * updates are emptied when they finish; this also empties any finished before that was so.
 */
export function postgresTelegramUserTraces(pool: pg.Pool): TelegramUserTraces {
  return {
    async purge(telegramUserId) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`delete from telegram.messages where telegram_user_id = $1 or chat_id = $1`, [
          telegramUserId,
        ]);
        await client.query(`delete from notifications.outbox where chat_id = $1`, [telegramUserId]);
        await client.query(`delete from otrs.agent_sessions where telegram_user_id = $1`, [telegramUserId]);
        await client.query(
          `delete from telegram.inbox_calls c using telegram.inbox i
           where c.bot_id = i.bot_id and c.update_id = i.update_id and i.status <> 'pending'`,
        );
        await client.query(`update telegram.inbox set raw = '' where status <> 'pending' and raw <> ''`);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
