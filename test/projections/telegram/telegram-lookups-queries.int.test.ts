import anyTest, { type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import type { TelegramLookups } from '../../../application/telegram/index.ts';
import type { TelegramChatEvent, TelegramUserEvent } from '../../../domain/telegram/index.ts';
import { liveTables } from '../../../projections/index.ts';
import {
  type TelegramDatabase,
  telegramLookupsQueries,
  telegramProjector,
} from '../../../projections/telegram/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase; lookups: TelegramLookups }>;

const event = (e: TelegramUserEvent | TelegramChatEvent, minute: number): NewEvent => ({
  ...e,
  metadata: { ...testMetadata, occurredAt: `2026-11-24T12:${String(minute).padStart(2, '0')}:00.000Z` },
});
const user = (telegramUserId: number, firstName: string, minute: number): NewEvent =>
  event(
    {
      type: 'TelegramUserRegistered',
      data: { telegramUserId, username: null, firstName, lastName: 'Тестов', languageCode: 'ru' },
    },
    minute,
  );

test.before(async (t) => {
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  t.context.lookups = telegramLookupsQueries(database.db.withTables<TelegramDatabase>());
  const log = recordedLog();
  const events = [
    ...log.append('telegram-user-1', [
      user(1, 'Анна', 0),
      event({ type: 'TelegramAccessApproved', data: { telegramUserId: 1, role: 'admin' } }, 0),
    ]),
    ...log.append('telegram-user-2', [
      user(2, 'Борис', 1),
      event({ type: 'TelegramAccessRequested', data: { telegramUserId: 2 } }, 2),
    ]),
    ...log.append('telegram-user-3', [
      user(3, 'Вера', 3),
      event({ type: 'TelegramAccessApproved', data: { telegramUserId: 3, role: 'viewer' } }, 4),
    ]),
    ...log.append('telegram-chat--100', [
      event(
        {
          type: 'TelegramChatRegistered',
          data: { chatId: -100, type: 'supergroup', title: 'Дежурные', isForum: true },
        },
        5,
      ),
      event(
        { type: 'TelegramForumTopicRegistered', data: { chatId: -100, threadId: 9, name: 'Сервера' } },
        5,
      ),
      event({ type: 'TelegramForumTopicRegistered', data: { chatId: -100, threadId: 3, name: null } }, 6),
    ]),
    ...log.append('telegram-chat-1', [
      event(
        { type: 'TelegramChatRegistered', data: { chatId: 1, type: 'private', title: null, isForum: false } },
        5,
      ),
    ]),
  ];
  const client = await database.pool.connect();
  try {
    const tables = liveTables(telegramProjector);
    await client.query('begin');
    await telegramProjector.createTables(client, tables);
    await telegramProjector.apply(events, client, tables);
    await client.query('commit');
  } finally {
    client.release();
  }
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

test('lists the approved admins, the people asked for approvals', async (t) => {
  const admins = await t.context.lookups.listAdmins();
  t.deepEqual(
    admins.map((a) => [a.telegramUserId, a.displayName, a.role]),
    [[1, 'Анна Тестов', 'admin']],
  );
});

test('lists users by status, most recently changed first, and finds one by id', async (t) => {
  const { lookups } = t.context;
  t.deepEqual(
    (await lookups.listUsers()).map((u) => u.telegramUserId),
    [3, 2, 1],
  );
  t.deepEqual(
    (await lookups.listUsers({ status: 'pending' })).map((u) => u.telegramUserId),
    [2],
  );
  t.is((await lookups.getUser(3))?.role, 'viewer');
  t.is(await lookups.getUser(404), null);
});

test('lists chats with their forum topics', async (t) => {
  t.deepEqual(await t.context.lookups.listChats(), [
    {
      chatId: -100,
      type: 'supergroup',
      title: 'Дежурные',
      isForum: true,
      topics: [
        { threadId: 3, name: null },
        { threadId: 9, name: 'Сервера' },
      ],
    },
    { chatId: 1, type: 'private', title: null, isForum: false, topics: [] },
  ]);
});
