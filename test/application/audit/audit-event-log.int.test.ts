import anyTest, { type TestFn } from 'ava';
import {
  type AuditEventLog,
  type AuditFilter,
  matchesAuditFilter,
} from '../../../application/audit/index.ts';
import type { RecordedEvent } from '../../../application/ports/index.ts';
import type { Actor } from '../../../domain/shared/index.ts';
import { createPostgresAuditEventLog } from '../../../infrastructure/audit/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import { eventually } from '../../support/eventually.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// The PostgreSQL adapter of the audit port, with pages far smaller than the data: keyset paging, limits,
// the head bound, and every filter against `matchesAuditFilter` (the predicate the live tail uses).

const test = anyTest as TestFn<{
  database: TestDatabase;
  store: PostgresEventStore;
  log: AuditEventLog;
  events: RecordedEvent[];
}>;

const actors: Actor[] = [
  { kind: 'admin', id: 'alice', name: 'Alice' },
  { kind: 'telegram', id: 'alice', name: 'Alice on Telegram' },
  { kind: 'system', id: 'scheduler', name: 'Scheduler' },
];

test.before(async (t) => {
  t.context.database = await createTestDatabase();
  const { pool, url } = t.context.database;
  t.context.store = createPostgresEventStore({ pool, url });
  t.context.log = createPostgresAuditEventLog({ pool });
  // 30 events over 3 streams, 3 actors, 4 correlations and 30 hours.
  for (let i = 0; i < 30; i += 1) {
    const actor = actors[i % 3] as Actor;
    const correlationId = `corr-${i % 4}`;
    await t.context.store.append(`${i % 2 === 0 ? 'even' : 'odd'}-${i % 3}`, [
      {
        type: i % 5 === 0 ? 'Fived' : 'Counted',
        data: { i },
        metadata: {
          actor,
          correlationId,
          causationId: correlationId,
          source: 'test',
          occurredAt: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
        },
      },
    ]);
  }
  // Readable once every older transaction on the server has ended (the xmin horizon is server-wide, and other
  // test files' databases share the server): wait for it rather than race it.
  t.context.events =
    (await eventually(async () => {
      const events = await t.context.store.readAll(null, { maxCount: 100 });
      return events.length === 30 ? events : null;
    }, 60_000)) ?? [];
  if (t.context.events.length !== 30) throw new Error('setup: not every event is readable');
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.database?.drop();
});

/** Pages up to the setup's last event: a test that appends later changes nothing here. */
async function collect(
  t: { context: { log: AuditEventLog; events: RecordedEvent[] } },
  filter: AuditFilter,
  pageSize: number,
  limit?: number,
) {
  const { log, events } = t.context;
  const upTo = events.at(-1)?.checkpoint ?? null;
  const pages: RecordedEvent[][] = [];
  for await (const page of log.pages(filter, { pageSize, upTo, ...(limit === undefined ? {} : { limit }) }))
    pages.push(page);
  return pages;
}

const positions = (events: readonly RecordedEvent[]) => events.map((e) => e.position);

const hour = (h: number) => new Date(Date.UTC(2026, 0, 1, h));

const filters: [string, AuditFilter][] = [
  ['everything', {}],
  ['actor id', { actor: { id: 'alice' } }],
  ['actor kind:id', { actor: { kind: 'telegram', id: 'alice' } }],
  ['exact stream', { streamId: 'even-0' }],
  ['stream prefix', { streamPrefix: 'odd-' }],
  ['types', { eventTypes: ['Fived'] }],
  ['correlation', { correlationId: 'corr-3' }],
  ['since/until', { since: hour(5), until: hour(12) }],
  ['everything at once', { actor: { id: 'alice' }, streamPrefix: 'even-', since: hour(2), until: hour(28) }],
];

for (const [name, filter] of filters) {
  test(`pages by ${name}: the same events as the predicate, in log order, in full pages`, async (t) => {
    const { events } = t.context;
    const pages = await collect(t, filter, 4);
    const expected = events.filter((e) => matchesAuditFilter(e, filter));
    t.true(expected.length > 0);
    t.deepEqual(positions(pages.flat()), positions(expected));
    t.true(pages.slice(0, -1).every((page) => page.length === 4));
  });
}

test('pages from a checkpoint: that event and every one after it in log order', async (t) => {
  const { events } = t.context;
  const from = events[20]?.checkpoint;
  if (!from) throw new Error('setup: too few events');
  const pages = await collect(t, { from }, 4);
  t.deepEqual(positions(pages.flat()), positions(events.slice(20)));
});

test('a limit stops mid-page; the head bound leaves out what comes after the read started', async (t) => {
  const { log, events, store } = t.context;
  const limited = await collect(t, {}, 4, 10);
  t.deepEqual(positions(limited.flat()), positions(events.slice(0, 10)));
  t.deepEqual(
    limited.map((page) => page.length),
    [4, 4, 2],
  );

  const head = await log.head();
  t.deepEqual(head, events.at(-1)?.checkpoint);
  const bounded: RecordedEvent[] = [];
  for await (const page of log.pages({}, { pageSize: 8, upTo: events[11]?.checkpoint ?? null })) {
    bounded.push(...page);
  }
  t.deepEqual(positions(bounded), positions(events.slice(0, 12)));
  // An event appended later is outside a listing bounded by the earlier head.
  const first = events[0];
  if (!first) throw new Error('no events');
  const late = await store.append('late-1', [{ type: 'Late', data: {}, metadata: first.metadata }]);
  const upToHead: RecordedEvent[] = [];
  for await (const page of log.pages({}, { pageSize: 8, upTo: head })) upToHead.push(...page);
  t.false(upToHead.some((e) => e.position === late.position));
  t.is(upToHead.length, 30);
});

test('last gives the newest matching events at or before a checkpoint, oldest first', async (t) => {
  const { log, events } = t.context;
  const upTo = events[19]?.checkpoint;
  if (!upTo) throw new Error('no event 20');
  const last = await log.last({ streamPrefix: 'even-' }, 3, upTo);
  t.deepEqual(
    positions(last),
    positions(
      events
        .slice(0, 20)
        .filter((e) => e.streamId.startsWith('even-'))
        .slice(-3),
    ),
  );
});

test('finds one event by id or position, and null when there is none', async (t) => {
  const { log, events } = t.context;
  const target = events[7];
  if (!target) throw new Error('no event 8');
  t.deepEqual(await log.findById(target.eventId), target);
  t.deepEqual(await log.findByPosition(target.position), target);
  t.is(await log.findByPosition(999_999n), null);
  t.is(await log.findById('00000000-0000-4000-8000-000000000000'), null);
});

test('streamPages reads one stream in revision order, up to a position or a time, in pages', async (t) => {
  const { log, events } = t.context;
  const stream = events.filter((e) => e.streamId === 'even-0');
  const read = async (until?: Parameters<AuditEventLog['streamPages']>[1]) => {
    const all: RecordedEvent[] = [];
    for await (const page of log.streamPages('even-0', until, 2)) all.push(...page);
    return all;
  };
  t.deepEqual(await read(), stream);
  const cut = stream[2];
  if (!cut) throw new Error('no third event');
  t.deepEqual(positions(await read({ position: cut.position })), positions(stream.slice(0, 3)));
  t.deepEqual(
    positions(await read({ time: new Date(cut.metadata.occurredAt) })),
    positions(stream.slice(0, 3)),
  );
  t.deepEqual(await read({ position: 0n }), []);
});
