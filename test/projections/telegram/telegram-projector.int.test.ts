import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import type { TelegramChatEvent, TelegramUserEvent } from '../../../domain/telegram/index.ts';
import { telegramProjector } from '../../../projections/telegram/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const telegram = (t: ExecutionContext<{ database: TestDatabase }>) =>
  projectorSpec(telegramProjector, t.context.database)(t);

const at = (minute: number) => `2026-11-24T12:${String(minute).padStart(2, '0')}:00.000Z`;
const event = (e: TelegramUserEvent | TelegramChatEvent, minute = 0): NewEvent => ({
  ...e,
  metadata: { ...testMetadata, occurredAt: at(minute) },
});
const profile = {
  telegramUserId: 2002,
  username: 'viktor',
  firstName: 'Виктор',
  lastName: null,
  languageCode: 'ru',
};

test('follows a user from first contact through approval and a role change to a block', async (t) => {
  const log = recordedLog();
  const stream = 'telegram-user-2002';
  await telegram(t)
    .given(log.append(stream, [event({ type: 'TelegramUserRegistered', data: profile })]))
    .when(
      log.append(stream, [
        event({ type: 'TelegramAccessRequested', data: { telegramUserId: 2002 } }, 1),
        event({ type: 'TelegramAccessApproved', data: { telegramUserId: 2002, role: 'viewer' } }, 2),
        event(
          { type: 'TelegramUserRoleChanged', data: { telegramUserId: 2002, from: 'viewer', to: 'operator' } },
          3,
        ),
        event({ type: 'TelegramUserBlocked', data: { telegramUserId: 2002 } }, 4),
      ]),
    )
    .thenRows(
      `select telegram_user_id, username, first_name, status, role, registered_at, updated_at from telegram.users`,
      [
        {
          telegram_user_id: '2002',
          username: 'viktor',
          first_name: 'Виктор',
          status: 'blocked',
          role: 'operator',
          registered_at: new Date(at(0)),
          updated_at: new Date(at(4)),
        },
      ],
    );
});

test('a denied user has no role', async (t) => {
  const log = recordedLog();
  await telegram(t)
    .given(
      log.append('telegram-user-2002', [
        event({ type: 'TelegramUserRegistered', data: profile }),
        event({ type: 'TelegramAccessRequested', data: { telegramUserId: 2002 } }),
        event({ type: 'TelegramAccessDenied', data: { telegramUserId: 2002 } }, 1),
      ]),
    )
    .thenRows(`select status, role from telegram.users`, [{ status: 'denied', role: null }]);
});

test('registers chats and forum topics, keeping the latest title and topic name', async (t) => {
  const log = recordedLog();
  const chatId = -1001234567890;
  await telegram(t)
    .given(
      log.append(`telegram-chat-${chatId}`, [
        event({
          type: 'TelegramChatRegistered',
          data: { chatId, type: 'supergroup', title: 'Дежурные', isForum: false },
        }),
        event({ type: 'TelegramChatRetitled', data: { chatId, title: 'ИТ-дежурные', isForum: true } }, 1),
        event({ type: 'TelegramForumTopicRegistered', data: { chatId, threadId: 77, name: null } }, 2),
        event({ type: 'TelegramForumTopicRenamed', data: { chatId, threadId: 77, name: 'Сервера' } }, 3),
      ]),
    )
    .thenRows(
      `select c.chat_id, c.type, c.title, c.is_forum, t.thread_id, t.name
       from telegram.chats c join telegram.topics t using (chat_id)`,
      [
        {
          chat_id: String(chatId),
          type: 'supergroup',
          title: 'ИТ-дежурные',
          is_forum: true,
          thread_id: '77',
          name: 'Сервера',
        },
      ],
    );
});
