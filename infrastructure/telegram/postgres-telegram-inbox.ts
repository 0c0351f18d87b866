import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { TelegramInboxCallsTable, TelegramInboxTable } from '../postgres/database-schema.ts';
import type { TelegramInbox } from '../../application/telegram/index.ts';

/**
 * One bot's inbox in `telegram.inbox` and its call journal in `telegram.inbox_calls` (migration
 * `2026-12-02T09-20-00_telegram-inbox`).
 */
export function postgresTelegramInbox(pool: pg.Pool, botId: number): TelegramInbox {
  /**
   * Finishes an update (done, or given up on) and drops what it kept of what people wrote and were told: its
   * raw JSON (names, usernames, the text of `/find Ivanov`) and its call journal (Telegram's copy of every
   * answer, `/find` cards with phones). Only a pending update needs them, to be handled or retried; the row
   * stays, by its id, so a redelivery is still recognised until the retention prunes it.
   */
  const finish = async (sql: string, values: readonly unknown[]) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const { rowCount } = await client.query(sql, [...values]);
      if (rowCount === 1) {
        await client.query(`delete from telegram.inbox_calls where bot_id = $1 and update_id = $2`, [
          botId,
          values[1],
        ]);
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  return {
    async receive(updates) {
      if (updates.length === 0) return;
      // One statement for a whole getUpdates batch: durable all at once, before the offset moves past it.
      await pool.query(
        `insert into telegram.inbox (bot_id, update_id, chat_key, raw)
         select $1, u.update_id, u.chat_key, u.raw
         from unnest($2::bigint[], $3::text[], $4::text[]) as u(update_id, chat_key, raw)
         on conflict (bot_id, update_id) do nothing`,
        [botId, updates.map((u) => u.updateId), updates.map((u) => u.chatKey), updates.map((u) => u.raw)],
      );
    },

    async next(limit, busyChats) {
      const { rows } = await pool.query<
        Pick<Selectable<TelegramInboxTable>, 'update_id' | 'chat_key' | 'raw' | 'attempts'>
      >(
        `select update_id, chat_key, raw, attempts from (
           select distinct on (chat_key) update_id, chat_key, raw, attempts, next_attempt_at
           from telegram.inbox
           where bot_id = $1 and status = 'pending' and chat_key <> all($3::text[])
           order by chat_key, update_id) as heads
         where next_attempt_at <= now()
         order by update_id
         limit $2`,
        [botId, limit, busyChats],
      );
      return rows.map((r) => ({
        updateId: Number(r.update_id),
        chatKey: r.chat_key,
        raw: r.raw,
        attempts: r.attempts,
      }));
    },

    async markDone(updateId) {
      await finish(
        `update telegram.inbox set status = 'done', finished_at = now(), raw = ''
         where bot_id = $1 and update_id = $2 and status = 'pending'`,
        [botId, updateId],
      );
    },

    async markFailure({ updateId, error, retryAt }) {
      const sql = `update telegram.inbox
         set attempts = attempts + 1, last_error = $3,
             status = case when $4::timestamptz is null then 'failed' else 'pending' end,
             next_attempt_at = coalesce($4::timestamptz, next_attempt_at),
             finished_at = case when $4::timestamptz is null then now() end,
             raw = case when $4::timestamptz is null then '' else raw end
         where bot_id = $1 and update_id = $2 and status = 'pending'`;
      const values = [botId, updateId, error, retryAt];
      if (retryAt === null) await finish(sql, values);
      else await pool.query(sql, values);
    },

    async journal(updateId) {
      const { rows } = await pool.query<
        Pick<Selectable<TelegramInboxCallsTable>, 'seq' | 'method' | 'result'>
      >(
        `select seq, method, result from telegram.inbox_calls where bot_id = $1 and update_id = $2 order by seq`,
        [botId, updateId],
      );
      return rows;
    },

    async recordCall(updateId, call) {
      await pool.query(
        `insert into telegram.inbox_calls (bot_id, update_id, seq, method, result) values ($1, $2, $3, $4, $5)
         on conflict do nothing`,
        [botId, updateId, call.seq, call.method, call.result],
      );
    },

    async counts() {
      const { rows } = await pool.query<{ pending: string; failed: string }>(
        `select count(*) filter (where status = 'pending') as pending,
                count(*) filter (where status = 'failed') as failed
         from telegram.inbox where bot_id = $1 and status <> 'done'`,
        [botId],
      );
      return { pending: Number(rows[0]?.pending ?? 0), failed: Number(rows[0]?.failed ?? 0) };
    },

    async prune(before, maxRows) {
      // Bounded like the message log's: a short transaction however far behind.
      const { rowCount } = await pool.query(
        `delete from telegram.inbox where (bot_id, update_id) in (
           select bot_id, update_id from telegram.inbox
           where status <> 'pending' and finished_at < $1 order by finished_at limit $2)`,
        [before, maxRows],
      );
      return rowCount ?? 0;
    },
  };
}
