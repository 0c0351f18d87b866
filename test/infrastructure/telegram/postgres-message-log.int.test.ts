import anyTest, { type TestFn } from 'ava';
import type { LoggedMessage, MessageLog } from '../../../application/telegram/index.ts';
import { postgresMessageLog } from '../../../infrastructure/telegram/index.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

const test = anyTest as TestFn<{ database: TestDatabase; log: MessageLog }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
  t.context.log = postgresMessageLog(t.context.database.pool);
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const incoming = (
  updateId: number,
  at: Date,
  text = '/find Иванов',
): LoggedMessage & { updateId: number } => ({
  direction: 'in',
  chatId: 2002,
  messageId: updateId,
  threadId: null,
  telegramUserId: 2002,
  updateId,
  kind: 'message',
  text,
  at,
});

test.serial('an update is recorded once: a redelivery is told apart', async (t) => {
  const { log } = t.context;
  t.true(await log.recordIncoming(incoming(1, new Date())));
  t.false(await log.recordIncoming(incoming(1, new Date(), 'again')));
  t.is(await log.incomingText(2002, 1), '/find Иванов');
  t.is(await log.incomingText(2002, 999), null);
});

test.serial('pruning deletes only what is older than the cut, at most a batch per run', async (t) => {
  const { log, database } = t.context;
  await database.pool.query('delete from telegram.messages');
  const old = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < 7; i += 1) await log.recordIncoming(incoming(100 + i, old));
  await log.recordOutgoing({ ...incoming(0, old), direction: 'out', updateId: null, kind: 'sendMessage' });
  await log.recordIncoming(incoming(200, new Date()));
  const cut = new Date('2026-06-01T00:00:00Z');
  t.is(await log.prune(cut, 5), 5);
  t.is(await log.prune(cut, 5), 3);
  t.is(await log.prune(cut, 5), 0);
  const { rows } = await database.pool.query<{ update_id: string }>(
    'select update_id from telegram.messages',
  );
  t.deepEqual(rows, [{ update_id: '200' }]);
});
