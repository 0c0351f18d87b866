import anyTest, { type TestFn } from 'ava';
import type { OutboxSendLimits } from '../../../application/notifications/index.ts';
import { postgresOutbox } from '../../../infrastructure/notifications/index.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// The outbox's claim across nodes: Telegram's limits from the recorded sends, and a card's pending edits
// coalesced to the newest (#16).
const test = anyTest.serial as TestFn<{ database: TestDatabase }>;

const REACTOR = 'otrs-notices';
const GROUP = -100_200;
const LIMITS: OutboxSendLimits = {
  chatSpacingMs: 1000,
  groupMaxPerWindow: 3,
  groupWindowMs: 60_000,
  globalPerSecond: 100,
};

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 2 });
});
test.beforeEach(async (t) => {
  await t.context.database.pool.query('truncate notifications.outbox');
});
test.after.always(async (t) => {
  await t.context.database.drop();
});

interface Row {
  readonly key: string;
  readonly chatId: number;
  readonly edits?: string;
  /** Sent this many ms ago (with Telegram's message id 10), or pending when absent. */
  readonly sentMsAgo?: number;
  readonly priority?: string;
}

const insert = async (database: TestDatabase, row: Row) => {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into notifications.outbox (dedupe_key, reactor, kind, chat_id, params, edits, status, done_at, message_id)
     values ($1, $2, 'otrs.ticketCard', $3, $4, $5, $6,
             case when $7::float8 is null then null else now() - $7 * interval '1 millisecond' end,
             case when $7::float8 is null then null else 10 end)
     returning id`,
    [
      row.key,
      REACTOR,
      row.chatId,
      { priority: row.priority ?? null },
      row.edits ?? null,
      row.sentMsAgo === undefined ? 'pending' : 'sent',
      row.sentMsAgo ?? null,
    ],
  );
  return rows[0]?.id ?? '';
};

const statusOf = async (database: TestDatabase, key: string) =>
  (
    await database.pool.query<{ status: string; last_error: string | null }>(
      'select status, last_error from notifications.outbox where dedupe_key = $1',
      [key],
    )
  ).rows[0];

test('a card edited three times while its chat waits: the older edits are superseded, the newest is sent after the other card', async (t) => {
  const { database } = t.context;
  const outbox = postgresOutbox(database.pool);
  await insert(database, { key: 'card-a', chatId: GROUP, sentMsAgo: 5000 });
  await insert(database, { key: 'a-1', chatId: GROUP, edits: 'card-a', priority: '4 high' });
  await insert(database, { key: 'card-b', chatId: GROUP });
  await insert(database, { key: 'a-2', chatId: GROUP, edits: 'card-a', priority: '2 low' });
  const newest = await insert(database, {
    key: 'a-3',
    chatId: GROUP,
    edits: 'card-a',
    priority: '5 very high',
  });

  const first = await outbox.claim('node-a', 10, 60_000, [REACTOR]);
  t.deepEqual(
    first.map((row) => row.params['priority']),
    [null],
    'the other card goes first, in its place',
  );
  for (const key of ['a-1', 'a-2']) {
    const row = await statusOf(database, key);
    t.is(row?.status, 'superseded', key);
    t.is(row?.last_error, `superseded by outbox row ${newest}`);
  }
  await outbox.markSent(first[0]?.id ?? '', 11);
  const second = await outbox.claim('node-a', 10, 60_000, [REACTOR]);
  t.is(second.length, 1);
  t.is(second[0]?.params['priority'], '5 very high');
  t.deepEqual(second[0]?.editsMessage, { messageId: 10 }, 'it edits the card, not a superseded row');
});

test('an edit claimed by a node is in flight: it is never superseded, and the newer one waits for it', async (t) => {
  const { database } = t.context;
  const outbox = postgresOutbox(database.pool);
  await insert(database, { key: 'card-a', chatId: GROUP, sentMsAgo: 5000 });
  await insert(database, { key: 'a-1', chatId: GROUP, edits: 'card-a', priority: '4 high' });
  const inFlight = await outbox.claim('node-a', 10, 60_000, [REACTOR]);
  t.is(inFlight.length, 1);
  await insert(database, { key: 'a-2', chatId: GROUP, edits: 'card-a', priority: '2 low' });
  t.deepEqual(await outbox.claim('node-b', 10, 60_000, [REACTOR]), []);
  t.is((await statusOf(database, 'a-1'))?.status, 'pending');
  await outbox.markSent(inFlight[0]?.id ?? '', 10);
  const next = await outbox.claim('node-b', 10, 60_000, [REACTOR]);
  t.is(next[0]?.params['priority'], '2 low');
});

test('with limits, a chat is due only its spacing after its last send, and a group only while its window has room', async (t) => {
  const { database } = t.context;
  const outbox = postgresOutbox(database.pool);
  // A private chat sent to half a second ago, one sent to two seconds ago.
  await insert(database, { key: 'p1-sent', chatId: 501, sentMsAgo: 500 });
  await insert(database, { key: 'p1-next', chatId: 501 });
  await insert(database, { key: 'p2-sent', chatId: 502, sentMsAgo: 2000 });
  await insert(database, { key: 'p2-next', chatId: 502 });
  // A group with its window full (3 in the last minute, the last 5 s ago), one with room.
  for (const ago of [50_000, 20_000, 5000])
    await insert(database, { key: `g1-${ago}`, chatId: GROUP, sentMsAgo: ago });
  await insert(database, { key: 'g1-next', chatId: GROUP });
  for (const ago of [70_000, 20_000, 5000]) {
    await insert(database, { key: `g2-${ago}`, chatId: GROUP - 1, sentMsAgo: ago });
  }
  await insert(database, { key: 'g2-next', chatId: GROUP - 1 });

  const claimed = await outbox.claim('node-a', 10, 60_000, [REACTOR], LIMITS);
  t.deepEqual(claimed.map((row) => row.chatId).sort(), [GROUP - 1, 502].sort());
  // Without limits (a test at the emulator) every chat's next row is due.
  await database.pool.query("update notifications.outbox set claimed_until = null where status = 'pending'");
  t.is((await outbox.claim('node-a', 10, 60_000, [REACTOR])).length, 4);
});

test("with limits, the whole bot's second counts what was sent in it and what is claimed", async (t) => {
  const { database } = t.context;
  const outbox = postgresOutbox(database.pool);
  await insert(database, { key: 'sent-1', chatId: 601, sentMsAgo: 200 });
  await insert(database, { key: 'sent-2', chatId: 602, sentMsAgo: 300 });
  for (let chat = 700; chat < 705; chat += 1) await insert(database, { key: `next-${chat}`, chatId: chat });
  const limits = { ...LIMITS, globalPerSecond: 4 };
  const first = await outbox.claim('node-a', 10, 60_000, [REACTOR], limits);
  t.is(first.length, 2, 'two sent in the last second leave two of four');
  t.is((await outbox.claim('node-b', 10, 60_000, [REACTOR], limits)).length, 0, 'the claimed two count too');
});
