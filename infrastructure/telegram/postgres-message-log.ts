import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { TelegramMessagesTable } from '../postgres/database-schema.ts';
import type { LoggedMessage, MessageLog } from '../../application/telegram/index.ts';

const INSERT = `insert into telegram.messages
  (direction, chat_id, message_id, thread_id, telegram_user_id, update_id, kind, text, at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

/**
 * PostgreSQL's `text` cannot hold U+0000 (a button's data may carry it) and other control characters only
 * garble the log: each is logged as U+FFFD, so any message can be recorded.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const loggable = (text: string | null) => (text === null ? null : text.replace(CONTROL, '\ufffd'));

const values = (m: LoggedMessage) => [
  m.direction,
  m.chatId,
  m.messageId,
  m.threadId,
  m.telegramUserId,
  m.updateId,
  m.kind,
  loggable(m.text),
  m.at,
];

/** The message log in `telegram.messages` (migration `2026-11-24T23-00-00_telegram-messages`). */
export function postgresMessageLog(pool: pg.Pool): MessageLog {
  const incoming: MessageLog['incoming'] = async (chatId, messageId) => {
    const { rows } = await pool.query<Pick<Selectable<TelegramMessagesTable>, 'text' | 'telegram_user_id'>>(
      `select text, telegram_user_id from telegram.messages
       where direction = 'in' and chat_id = $1 and message_id = $2
       order by id desc limit 1`,
      [chatId, messageId],
    );
    const row = rows[0];
    if (!row) return null;
    const sender = row.telegram_user_id === null ? null : Number(row.telegram_user_id);
    return { text: row.text, telegramUserId: sender };
  };
  return {
    async recordIncoming(message) {
      const { rowCount } = await pool.query(
        `${INSERT} on conflict (update_id) where direction = 'in' do nothing`,
        values({ ...message, direction: 'in' }),
      );
      return rowCount === 1;
    },

    async recordOutgoing(message) {
      await pool.query(INSERT, values({ ...message, direction: 'out' }));
    },

    incomingText: async (chatId, messageId) => (await incoming(chatId, messageId))?.text ?? null,

    incoming,

    async prune(before, maxRows) {
      // Bounded: one run never holds a long transaction or a big lock; the job runs again soon enough.
      const { rowCount } = await pool.query(
        `delete from telegram.messages where id in (
           select id from telegram.messages where at < $1 order by at limit $2)`,
        [before, maxRows],
      );
      return rowCount ?? 0;
    },
  };
}
