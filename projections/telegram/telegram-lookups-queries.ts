import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  TelegramChatView,
  TelegramLookups,
  TelegramUserView,
} from '../../application/telegram/index.ts';
import type { TelegramDatabase, TelegramTopicsTable, TelegramUsersTable } from './telegram-tables.ts';

const USER_COLUMNS = [
  'telegram_user_id',
  'username',
  'first_name',
  'last_name',
  'language_code',
  'status',
  'role',
  'registered_at',
  'updated_at',
] as const;

type UserRow = Pick<Selectable<TelegramUsersTable>, (typeof USER_COLUMNS)[number]>;

/** A chat's topic as `json_build_object` answers it (a JSON number: thread ids are small). */
interface TopicJson {
  readonly threadId: number;
  readonly name: Selectable<TelegramTopicsTable>['name'];
}

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
export function telegramLookupsQueries(db: Kysely<TelegramDatabase>): TelegramLookups {
  const users = db.selectFrom('telegram.users').select(USER_COLUMNS);
  return {
    async listAdmins() {
      const rows = await users
        .where('status', '=', 'approved')
        .where('role', '=', 'admin')
        .orderBy('telegram_user_id')
        .execute();
      return rows.map(user);
    },

    async listUsers(options = {}) {
      const { status } = options;
      const filtered = status === undefined ? users : users.where('status', '=', status);
      const rows = await filtered
        .orderBy('updated_at', 'desc')
        .orderBy('telegram_user_id')
        .limit(Math.min(Math.max(options.limit ?? 50, 1), 500))
        .offset(Math.max(options.offset ?? 0, 0))
        .execute();
      return rows.map(user);
    },

    async getUser(telegramUserId) {
      const row = await users.where('telegram_user_id', '=', String(telegramUserId)).executeTakeFirst();
      return row ? user(row) : null;
    },

    async listChats() {
      const rows = await db
        .selectFrom('telegram.chats as c')
        .leftJoin('telegram.topics as t', 't.chat_id', 'c.chat_id')
        .select(['c.chat_id', 'c.type', 'c.title', 'c.is_forum'])
        .select(
          sql<TopicJson[]>`coalesce(json_agg(json_build_object('threadId', t.thread_id, 'name', t.name)
            order by t.thread_id) filter (where t.thread_id is not null), '[]')`.as('topics'),
        )
        .groupBy('c.chat_id')
        .orderBy('c.chat_id')
        .execute();
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
