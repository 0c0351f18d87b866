import type pg from 'pg';
import {
  CONVERSATION_MARKER_MS,
  type ChatConversations,
  type CurrentConversation,
} from '../../application/ports/index.ts';
import {
  type PersonalDataKeys,
  decryptValue,
  encryptValue,
  fieldContext,
  telegramUserSubject,
} from '../../application/personal-data/index.ts';

// A conversation's data never decrypts as an event's field or a message log's text.
const CONTEXT = 'telegram.conversations';

interface Row {
  chat_id: string;
  kind: string;
  step: string;
  data: string;
  secret: boolean;
  ended: boolean;
  secret_update_id: string | null;
  expires_at: Date;
}

/**
 * The bot's short conversations in `telegram.conversations` (migration `2026-12-04T10-20-00`), one row per
 * user of one bot, its data encrypted with the user's key. `secret_update_id`, the update that last answered
 * a secret step, outlives the steps begun after it (a redelivery of it may come after the user moved on).
 * An expired row is still read for
 * `CONVERSATION_MARKER_MS` (a marker: the caller judges a message by its date), then reads as none; `prune`
 * deletes it.
 */
export function postgresChatConversations(
  pool: pg.Pool,
  botId: number,
  keys: PersonalDataKeys,
): ChatConversations {
  return {
    async begin(telegramUserId, step, ttlMs) {
      const subject = telegramUserSubject(telegramUserId);
      // A forgotten user is refused a key (SubjectForgottenError): no conversation for them.
      const { key } = await keys.getOrCreate(subject);
      const data = encryptValue(key, fieldContext(subject, CONTEXT), JSON.stringify(step.data));
      await pool.query(
        `insert into telegram.conversations
           (bot_id, telegram_user_id, chat_id, kind, step, data, secret, ended, expires_at)
         values ($1, $2, $8, $3, $4, $5, $6, false, now() + make_interval(secs => $7::double precision / 1000))
         on conflict (bot_id, telegram_user_id) do update set
           chat_id = excluded.chat_id, kind = excluded.kind, step = excluded.step, data = excluded.data,
           secret = excluded.secret, ended = false, expires_at = excluded.expires_at`,
        [
          botId,
          telegramUserId,
          step.kind,
          step.step,
          data,
          step.secret,
          ttlMs,
          step.chatId ?? telegramUserId,
        ],
      );
    },

    async current(telegramUserId) {
      const { rows } = await pool.query<Row>(
        `select chat_id, kind, step, data, secret, ended, secret_update_id, expires_at
         from telegram.conversations
         where bot_id = $1 and telegram_user_id = $2
           and expires_at > now() - make_interval(secs => $3::double precision / 1000)`,
        [botId, telegramUserId, CONVERSATION_MARKER_MS],
      );
      const row = rows[0];
      if (!row) return null;
      const subject = telegramUserSubject(telegramUserId);
      const key = await keys.get(subject);
      const text = key ? decryptValue(key.key, fieldContext(subject, CONTEXT), row.data) : undefined;
      if (text === undefined) return null;
      const current: CurrentConversation = {
        kind: row.kind,
        step: row.step,
        chatId: Number(row.chat_id),
        expiresAt: row.expires_at,
        data: JSON.parse(text) as CurrentConversation['data'],
        secret: row.secret,
        ended: row.ended,
        secretUpdateId: row.secret_update_id === null ? null : Number(row.secret_update_id),
      };
      return current;
    },

    async end(telegramUserId, options = {}) {
      // Marked ended, not deleted: the row still names the last secret's update until it is pruned.
      // `kind` null: whatever step the user is at.
      await pool.query(
        `update telegram.conversations
         set ended = true, secret_update_id = coalesce($3, secret_update_id)
         where bot_id = $1 and telegram_user_id = $2 and ($4::text is null or kind = $4)`,
        [botId, telegramUserId, options.secretUpdateId ?? null, options.kind ?? null],
      );
    },

    async prune(before, maxRows) {
      const { rowCount } = await pool.query(
        `delete from telegram.conversations where (bot_id, telegram_user_id) in (
           select bot_id, telegram_user_id from telegram.conversations
           where expires_at < $1 order by expires_at limit $2)`,
        [before, maxRows],
      );
      return rowCount ?? 0;
    },
  };
}
