import type pg from 'pg';
import type {
  TelegramChatView,
  TelegramDirectory,
  TelegramUserView,
} from '../../application/telegram/index.ts';
import type { TelegramAccessStatus, TelegramChatType, TelegramRole } from '../../domain/telegram/index.ts';

interface UserRow {
  telegram_user_id: string;
  username: string | null;
  first_name: string;
  last_name: string | null;
  language_code: string | null;
  status: TelegramAccessStatus;
  role: TelegramRole | null;
  registered_at: Date;
  updated_at: Date;
}

interface ChatRow {
  chat_id: string;
  type: TelegramChatType;
  title: string | null;
  is_forum: boolean;
  topics: { threadId: number; name: string | null }[];
}

const USER_COLUMNS = `telegram_user_id, username, first_name, last_name, language_code, status, role,
  registered_at, updated_at`;

const user = (row: UserRow): TelegramUserView => ({
  telegramUserId: Number(row.telegram_user_id),
  username: row.username,
  displayName: [row.first_name, row.last_name].filter(Boolean).join(' '),
  languageCode: row.language_code,
  status: row.status,
  role: row.role,
  registeredAt: row.registered_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The Telegram read models of the `telegram` projector (schema `telegram`). */
export function postgresTelegramDirectory(pool: pg.Pool): TelegramDirectory {
  return {
    async listAdmins() {
      const { rows } = await pool.query<UserRow>(
        `select ${USER_COLUMNS} from telegram.users where status = 'approved' and role = 'admin'
         order by telegram_user_id`,
      );
      return rows.map(user);
    },

    async listUsers(options = {}) {
      const { rows } = await pool.query<UserRow>(
        `select ${USER_COLUMNS} from telegram.users where ($1::text is null or status = $1)
         order by updated_at desc, telegram_user_id limit $2 offset $3`,
        [
          options.status ?? null,
          Math.min(Math.max(options.limit ?? 50, 1), 500),
          Math.max(options.offset ?? 0, 0),
        ],
      );
      return rows.map(user);
    },

    async getUser(telegramUserId) {
      const { rows } = await pool.query<UserRow>(
        `select ${USER_COLUMNS} from telegram.users where telegram_user_id = $1`,
        [telegramUserId],
      );
      return rows[0] ? user(rows[0]) : null;
    },

    async listChats() {
      const { rows } = await pool.query<ChatRow>(
        `select c.chat_id, c.type, c.title, c.is_forum,
           coalesce(json_agg(json_build_object('threadId', t.thread_id, 'name', t.name) order by t.thread_id)
             filter (where t.thread_id is not null), '[]') as topics
         from telegram.chats c left join telegram.topics t on t.chat_id = c.chat_id
         group by c.chat_id order by c.chat_id`,
      );
      return rows.map((row): TelegramChatView => ({
        chatId: Number(row.chat_id),
        type: row.type,
        title: row.title,
        isForum: row.is_forum,
        topics: row.topics,
      }));
    },
  };
}
