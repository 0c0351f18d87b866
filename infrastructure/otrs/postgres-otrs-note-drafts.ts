import type pg from 'pg';
import type { OtrsNoteDrafts } from '../../application/ports/index.ts';

/** The note conversation's drafts in `otrs.note_drafts` (migration `2026-12-04T10-50-00_otrs-actions`). */
export function postgresOtrsNoteDrafts(pool: pg.Pool): OtrsNoteDrafts {
  return {
    async start(chatId, telegramUserId, ticketId, ttlMs) {
      // Expired drafts of anyone go with the next start: the table stays as small as the open conversations.
      await pool.query(`delete from otrs.note_drafts where expires_at < now()`);
      await pool.query(
        `insert into otrs.note_drafts (chat_id, telegram_user_id, ticket_id, expires_at)
         values ($1, $2, $3, now() + $4 * interval '1 millisecond')
         on conflict (chat_id, telegram_user_id)
         do update set ticket_id = excluded.ticket_id, expires_at = excluded.expires_at`,
        [chatId, telegramUserId, ticketId, ttlMs],
      );
    },
    async current(chatId, telegramUserId) {
      const { rows } = await pool.query<{ ticket_id: string }>(
        `select ticket_id from otrs.note_drafts
         where chat_id = $1 and telegram_user_id = $2 and expires_at >= now()`,
        [chatId, telegramUserId],
      );
      const row = rows[0];
      return row ? Number(row.ticket_id) : null;
    },
    async end(chatId, telegramUserId) {
      await pool.query(`delete from otrs.note_drafts where chat_id = $1 and telegram_user_id = $2`, [
        chatId,
        telegramUserId,
      ]);
    },
  };
}
