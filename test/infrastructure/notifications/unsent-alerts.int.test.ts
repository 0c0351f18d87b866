import anyTest, { type TestFn } from 'ava';
import { NO_RECIPIENT_CHAT } from '../../../application/notifications/index.ts';
import { postgresUnsentAlerts } from '../../../infrastructure/notifications/index.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 2 });
});
test.after.always(async (t) => {
  await t.context.database.drop();
});

const undeliverable = (database: TestDatabase, key: string, chatId: number) =>
  database.pool.query(
    `insert into notifications.outbox (dedupe_key, reactor, kind, chat_id, params, status, done_at, last_error)
     values ($1, 'monitoring-notices', 'monitoring.alert', $2, '{}', 'undeliverable', now(), $3)`,
    [
      key,
      chatId,
      chatId === NO_RECIPIENT_CHAT ? 'no recipient: the alert has no route' : '403 Forbidden: bot was kicked',
    ],
  );

test('an alert routed nowhere is no failing send: only the alert Telegram refused counts (review R4)', async (t) => {
  const { database } = t.context;
  await undeliverable(database, 'refused', -100123);
  await undeliverable(database, 'unrouted-1', NO_RECIPIENT_CHAT);
  await undeliverable(database, 'unrouted-2', NO_RECIPIENT_CHAT);
  const reading = postgresUnsentAlerts(database.pool, { reactors: ['monitoring-notices'] });
  const unsent = await reading.unsentAlerts(new Date());
  t.is(unsent.unsent, 1);
  t.regex(unsent.lastError ?? '', /bot was kicked/);
});
