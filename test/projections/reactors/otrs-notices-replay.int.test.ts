import anyTest, { type TestFn } from 'ava';
import type { NewEvent, RecordedEvent } from '../../../application/ports/index.ts';
import {
  type OtrsRoutingRule,
  type TicketEvent,
  otrsAgentLinkStreamId,
  otrsAgentStreamId,
  otrsTicketStreamId,
} from '../../../domain/otrs/index.ts';
import type { Event } from '../../../domain/shared/index.ts';
import { liveTables, otrsNoticesReactor, rebuildProjection } from '../../../projections/index.ts';
import { firstArticle, opened, ticketId } from '../../domain/otrs/ticket-fixtures.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type ProjectionStoreContext, withProjectionStore } from '../../support/event-store-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { rolledBack } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { quickRunner } from '../../support/quick-runner.ts';

// The OTRS notices reactor replayed (review S3, S8): the same events write the same outbox rows however they
// are batched, and a rebuild tells only what the live reactor had not applied. Serial: both tests use the
// reactor's one name and its tables in one database.
const test = anyTest as TestFn<ProjectionStoreContext>;
withProjectionStore(test, { poolMax: 6, pollIntervalMs: 50 });

const metadata = { ...testMetadata, occurredAt: '2099-01-01T10:00:00.000Z' };
const as = (e: Event): NewEvent => ({ type: e.type, data: e.data, metadata });
const changed = '2026-12-03T09:10:00.000Z';

const rule = (changes: Partial<OtrsRoutingRule>): OtrsRoutingRule => ({
  queues: [],
  minPriority: null,
  maxPriority: null,
  chat: null,
  owner: false,
  responsible: false,
  ...changes,
});
const RULES = [
  rule({ queues: ['IT::Printers'], chat: { chatId: -1001, messageThreadId: 7 }, owner: true }),
  rule({ queues: ['IT::Network'], chat: { chatId: -1002, messageThreadId: null } }),
];

/** The streams and their events: rules, a linked agent, and a ticket opened, taken, moved and closed. */
const setup: readonly [string, readonly Event[]][] = [
  ['otrs-routing', [{ type: 'OtrsRoutingRulesSet', data: { rules: RULES } }]],
  [otrsAgentStreamId(12), [{ type: 'OtrsAgentSeen', data: { agentId: 12, login: 'p.petrov' } }]],
  [
    otrsAgentLinkStreamId(5001),
    [{ type: 'OtrsAgentLinked', data: { telegramUserId: 5001, login: 'p.petrov' } }],
  ],
];
const opening: readonly TicketEvent[] = [opened, firstArticle];
const taken: readonly TicketEvent[] = [
  { type: 'TicketOwnerChanged', data: { ticketId, from: null, to: 12, changed } },
  { type: 'TicketLockChanged', data: { ticketId, from: 'unlock', to: 'lock', changed } },
];
const moved: readonly TicketEvent[] = [
  {
    type: 'TicketQueueChanged',
    data: { ticketId, from: opened.data.queue, to: { id: 4, name: 'IT::Network' }, changed },
  },
];
const closed: readonly TicketEvent[] = [
  {
    type: 'TicketStateChanged',
    data: {
      ticketId,
      from: opened.data.state,
      to: { state: 'closed successful', stateType: 'closed' },
      changed,
    },
  },
];

const ROWS = `select dedupe_key, chat_id::int as chat, edits, params from notifications.outbox
  where reactor = 'otrs-notices' order by id`;

const batchesOf = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

test.serial('the same events write the same rows in batches of 1, 2, 3 or all at once', async (t) => {
  const log = recordedLog();
  const events: RecordedEvent[] = [
    ...setup.flatMap(([stream, streamEvents]) => log.append(stream, streamEvents.map(as))),
    ...[opening, taken, moved, closed].flatMap((change) =>
      log.append(otrsTicketStreamId(ticketId), change.map(as)),
    ),
  ];
  const tables = liveTables(otrsNoticesReactor);
  const rowsFor = (size: number) =>
    rolledBack(t.context.database, async (trx) => {
      await otrsNoticesReactor.createTables(trx, tables);
      for (const batch of batchesOf(events, size)) await otrsNoticesReactor.apply(batch, trx, tables);
      return (await trx.query<{ dedupe_key: string; edits: string | null; params: object }>(ROWS)).rows;
    });
  const one = await rowsFor(1);
  // Cards in three places, each edited by every later change it shows: assert there is something to compare.
  t.true(one.length >= 8, `rows: ${one.length}`);
  for (const size of [2, 3, events.length]) t.deepEqual(await rowsFor(size), one, `batches of ${size}`);
  t.is(new Set(one.map((row) => row.dedupe_key)).size, one.length, 'no key twice');
});

test.serial(
  'a rebuild replays silently what the live reactor applied, and tells once what it had not',
  async (t) => {
    const { store, projections, database } = t.context;
    const append = async (stream: string, events: readonly Event[]) => {
      await store.append(stream, events.map(as));
    };
    const headPosition = async () => (await store.headCheckpoint())?.position ?? 0n;
    const applied = async () =>
      (await projections.read(otrsNoticesReactor.name))?.checkpoint?.position ?? -1n;

    let { runner } = quickRunner(t.context, otrsNoticesReactor);
    await runner.start();
    for (const [stream, events] of setup) await append(stream, events);
    for (const change of [opening, taken, moved]) await append(otrsTicketStreamId(ticketId), change);
    const head = await headPosition();
    t.true(await eventually(async () => (await applied()) >= head), 'the live reactor applied the log');
    await runner.stop();
    const told = (await database.pool.query<{ dedupe_key: string }>(ROWS)).rows;
    t.true(told.length >= 5, `rows: ${told.length}`);

    // Sent long ago and pruned: a rebuild must not tell it again.
    const pruned = told[0]?.dedupe_key;
    await database.pool.query(`delete from notifications.outbox where dedupe_key = $1`, [pruned]);
    // Appended while the live reactor is stopped: news, which the rebuild tells.
    await append(otrsTicketStreamId(ticketId), closed);

    await rebuildProjection({
      projector: otrsNoticesReactor,
      eventStore: store,
      projectionStore: projections,
      // Batches other than the live one's: the keys must not depend on them.
      batchSize: 2,
    });
    const after = (
      await database.pool.query<{ dedupe_key: string; edits: string | null; params: { closed: boolean } }>(
        ROWS,
      )
    ).rows;
    const before = told.filter((row) => row.dedupe_key !== pruned).map((row) => row.dedupe_key);
    t.deepEqual(
      after.slice(0, before.length).map((row) => row.dedupe_key),
      before,
      'nothing the live reactor applied is told again',
    );
    const news = after.slice(before.length);
    // The close edits each card still shown (the queue's first card, the owner's, the new queue's): once each.
    t.true(news.length > 0);
    t.true(
      news.every((row) => row.edits !== null && row.params.closed),
      JSON.stringify(news),
    );
    t.is(new Set(news.map((row) => row.edits)).size, news.length);

    // Live again after the switch: a replay of nothing new tells nothing.
    ({ runner } = quickRunner(t.context, otrsNoticesReactor));
    await runner.start();
    t.teardown(() => runner.stop());
    const end = await headPosition();
    t.true(await eventually(async () => (await applied()) >= end));
    t.is((await database.pool.query(ROWS)).rows.length, after.length);
  },
);
