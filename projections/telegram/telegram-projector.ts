import type { RecordedEvent } from '../../application/ports/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import {
  TELEGRAM_CHAT_EVENT_TYPES,
  TELEGRAM_USER_EVENT_TYPES,
  type TelegramChatEvent,
  type TelegramUserEvent,
} from '../../domain/telegram/index.ts';
import type {
  ProjectionTables,
  ProjectionTransaction,
  Projector,
} from '../../application/ports/projector.ts';
import { storableData } from '../storable-data.ts';
import { CHATS, TOPICS, USERS, createTelegramTables } from './telegram-tables.ts';

/**
 * `telegram.users` (who may use the bot, with which role), `telegram.chats` and `telegram.topics` (where
 * notifications can be routed). Access decisions read the user's stream; these tables serve lists.
 */
export const telegramProjector: Projector = {
  name: 'telegram',
  // 2: profiles read through their person's key, `TelegramUserForgotten` drops a user, text made storable; an
  // older node, which does none of it, steps down.
  version: 2,
  schema: 'telegram',
  tables: [USERS, CHATS, TOPICS],
  eventTypes: [...TELEGRAM_USER_EVENT_TYPES, ...TELEGRAM_CHAT_EVENT_TYPES],

  createTables: createTelegramTables,

  async apply(events, trx, tables) {
    // A few events per new user or chat: one statement per event reads best.
    for (const event of events) await applyOne(event, trx, tables);
  },
};

async function applyOne(recorded: RecordedEvent, trx: ProjectionTransaction, tables: ProjectionTables) {
  const at = recorded.metadata.occurredAt;
  const users = tables.table(USERS);
  const setUser = (columns: string, values: readonly unknown[]) =>
    trx.query(`update ${users} set ${columns}, updated_at = $2 where telegram_user_id = $1`, values);
  // The subscription delivers only the types listed above.
  // Telegram's profile names and chat titles are as Telegram sends them: made storable (a NUL becomes U+FFFD)
  // so that no profile can park the projection.
  const event = { type: recorded.type, data: storableData(recorded.data) } as
    TelegramUserEvent | TelegramChatEvent;
  switch (event.type) {
    case 'TelegramUserRegistered': {
      const d = event.data;
      // A forgotten user's registration reads with its names null (their key is gone): a rebuild keeps no row.
      if ((d.firstName as string | null) === null) return;
      await trx.query(
        `insert into ${users} (telegram_user_id, username, first_name, last_name, language_code, status,
           registered_at, updated_at)
         values ($1, $2, $3, $4, $5, 'registered', $6, $6) on conflict (telegram_user_id) do nothing`,
        [d.telegramUserId, d.username, d.firstName, d.lastName, d.languageCode, at],
      );
      return;
    }
    case 'TelegramAccessRequested':
      await setUser(`status = 'pending'`, [event.data.telegramUserId, at]);
      return;
    case 'TelegramAccessApproved':
      await setUser(`status = 'approved', role = $3`, [event.data.telegramUserId, at, event.data.role]);
      return;
    case 'TelegramAccessDenied':
      await setUser(`status = 'denied', role = null`, [event.data.telegramUserId, at]);
      return;
    case 'TelegramUserBlocked':
      await setUser(`status = 'blocked'`, [event.data.telegramUserId, at]);
      return;
    case 'TelegramUserRoleChanged':
      await setUser(`role = $3`, [event.data.telegramUserId, at, event.data.to]);
      return;
    case 'TelegramUserForgotten':
      await trx.query(`delete from ${users} where telegram_user_id = $1`, [event.data.telegramUserId]);
      return;
    case 'TelegramChatRegistered': {
      const d = event.data;
      await trx.query(
        `insert into ${tables.table(CHATS)} (chat_id, type, title, is_forum, registered_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) on conflict (chat_id) do nothing`,
        [d.chatId, d.type, d.title, d.isForum, at],
      );
      return;
    }
    case 'TelegramChatRetitled':
      await trx.query(
        `update ${tables.table(CHATS)} set title = $2, is_forum = $3, updated_at = $4 where chat_id = $1`,
        [event.data.chatId, event.data.title, event.data.isForum, at],
      );
      return;
    case 'TelegramForumTopicRegistered':
    case 'TelegramForumTopicRenamed': {
      const d = event.data;
      await trx.query(
        `insert into ${tables.table(TOPICS)} (chat_id, thread_id, name, registered_at, updated_at)
         values ($1, $2, $3, $4, $4)
         on conflict (chat_id, thread_id) do update set name = excluded.name, updated_at = excluded.updated_at`,
        [d.chatId, d.threadId, d.name, at],
      );
      return;
    }
    default:
      assertNever(event);
  }
}
