import { randomUUID } from 'node:crypto';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { Actor } from '../../../domain/shared/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import type { ApiCall } from '../../support/api-call.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, adminToken, startServedApi } from '../../support/served-api.ts';

// `tbot serve` on PostgreSQL and Redis: the audit API over HTTP, on events appended straight to the store.
interface Context {
  api: ServedApi;
  store: PostgresEventStore;
  token: string;
  /** Positions of the appended events, by stream. */
  positions: Record<string, bigint[]>;
}
const test = anyTest as TestFn<Context>;
type T = ExecutionContext<Context>;

const run = randomUUID().slice(0, 8);
const DOOR = `door-${run}`;
const LAMP = `lamp-${run}`;
const ALICE: Actor = { kind: 'cli', id: 'alice', name: 'Alice' };
const BOT: Actor = { kind: 'telegram', id: '42', name: 'Bob' };
const CORRELATION = `corr-${run}`;

interface Item {
  position: string;
  occurredAt: string;
  stream: string;
  type: string;
  actor: Actor;
  correlationId: string;
  summary: string;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

async function append(t: T, stream: string, type: string, data: object, actor: Actor, second: number) {
  const result = await t.context.store.append(stream, [
    {
      type,
      data,
      metadata: {
        actor,
        correlationId: stream === LAMP ? CORRELATION : randomUUID(),
        causationId: randomUUID(),
        source: 'cli',
        occurredAt: at(second),
      },
    },
  ]);
  (t.context.positions[stream] ??= []).push(result.position);
}

test.before(async (t) => {
  t.context.api = await startServedApi();
  const { database } = t.context.api;
  t.context.store = createPostgresEventStore({ pool: database.pool, url: database.url });
  t.context.positions = {};
  await append(t, DOOR, 'DoorInstalled', { color: 'red', locked: false }, ALICE, 1);
  await append(t, LAMP, 'LampInstalled', { watts: 40 }, BOT, 2);
  await append(t, DOOR, 'DoorPainted', { color: 'blue' }, ALICE, 3);
  await append(t, DOOR, 'DoorLocked', { locked: true }, BOT, 4);
  await append(t, LAMP, 'LampChanged', { watts: 60 }, BOT, 5);
  const projected = await eventually(async () => {
    const { rows } = await database.pool.query<{ n: number }>(
      'select count(*)::int as n from core.audit_log where stream_id = any($1)',
      [[DOOR, LAMP]],
    );
    return rows[0]?.n === 5;
  }, 30_000);
  if (!projected) throw new Error('core.audit_log never got the appended events');
  t.context.token = await adminToken(t);
});

test.after.always(async (t) => {
  await t.context.store?.close();
  await t.context.api?.stop();
});

/** Calls the API as the admin, as `token` instead, or (`token: null`) without a token. */
function call(
  t: T,
  path: string,
  { token, ...options }: Omit<ApiCall, 'token'> & { token?: string | null } = {},
) {
  const bearer = token === undefined ? t.context.token : token;
  return t.context.api.call(path, { ...options, ...(bearer === null ? {} : { token: bearer }) });
}

async function page(t: T, query: string): Promise<Page> {
  const response = await call(t, `/audit?${query}`);
  t.is(response.status, 200, await response.clone().text());
  return (await response.json()) as Page;
}

test('lists the audit log newest first with who, when and a summary', async (t) => {
  const { items } = await page(t, `stream=${DOOR}`);
  t.deepEqual(
    items.map((item) => item.type),
    ['DoorLocked', 'DoorPainted', 'DoorInstalled'],
  );
  const positions = t.context.positions[DOOR] ?? [];
  t.deepEqual(
    items.map((item) => item.position),
    positions.map(String).reverse(),
  );
  t.like(items[2], { stream: DOOR, occurredAt: at(1), actor: ALICE, source: 'cli' });
  t.true(items.every((item) => typeof item.summary === 'string'));
});

test('filters by actor, type, time range and correlation id', async (t) => {
  const byActor = await page(t, 'actor=telegram:42');
  t.deepEqual(
    byActor.items.filter((i) => i.stream === DOOR || i.stream === LAMP).map((i) => i.type),
    ['LampChanged', 'DoorLocked', 'LampInstalled'],
  );
  t.true(byActor.items.every((i) => i.actor.kind === 'telegram' && i.actor.id === '42'));
  const byTypes = await page(t, 'type=DoorPainted,LampChanged');
  t.deepEqual(
    byTypes.items.map((i) => i.type),
    ['LampChanged', 'DoorPainted'],
  );
  const byTime = await page(t, `since=${at(2)}&until=${at(4)}`);
  t.deepEqual(
    byTime.items.map((i) => i.type),
    ['DoorPainted', 'LampInstalled'],
  );
  const byCorrelation = await page(t, `correlationId=${CORRELATION}`);
  t.deepEqual(
    byCorrelation.items.map((i) => i.stream),
    [LAMP, LAMP],
  );
});

test('pages with an opaque cursor: two pages, no overlap, then the end', async (t) => {
  const first = await page(t, `actor=alice&limit=1`);
  t.is(first.items.length, 1);
  t.truthy(first.nextCursor);
  const second = await page(t, `actor=alice&limit=1&cursor=${first.nextCursor ?? ''}`);
  t.is(second.items.length, 1);
  t.not(second.items[0]?.position, first.items[0]?.position);
  t.deepEqual(
    [...first.items, ...second.items].map((i) => i.type),
    ['DoorPainted', 'DoorInstalled'],
  );
  t.is(second.nextCursor, null);
});

test('answers a bad filter with 422 and field errors', async (t) => {
  const response = await call(t, '/audit?limit=500&since=yesterday&cursor=nope&colour=red');
  t.is(response.status, 422);
  t.regex(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  const problem = (await response.json()) as { code: string; errors: { path: string }[] };
  t.is(problem.code, 'HTTP.VALIDATION_FAILED');
  const paths = problem.errors.map((e) => e.path);
  for (const path of ['query.limit', 'query.since', 'query.cursor']) t.true(paths.includes(path), path);
});

test('refuses every audit route without a token: 401', async (t) => {
  for (const path of ['/audit', `/audit/streams/${DOOR}`, `/audit/streams/${DOOR}/state`]) {
    const response = await call(t, path, { token: null });
    t.is(response.status, 401, path);
  }
});

test('lets a viewer read the audit log', async (t) => {
  const created = await call(t, '/users', {
    body: { username: `viewer-${run}`, password: 'viewer-passphrase-1', role: 'viewer' },
  });
  t.is(created.status, 201);
  const login = await call(t, '/auth/login', {
    body: { username: `viewer-${run}`, password: 'viewer-passphrase-1' },
    token: null,
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await call(t, `/audit?stream=${LAMP}`, { token: accessToken });
  t.is(response.status, 200);
});

test('answers one stream history with data, paged by revision', async (t) => {
  const first = await call(t, `/audit/streams/${DOOR}?limit=2`);
  t.is(first.status, 200);
  const one = (await first.json()) as { items: { revision: number; data: unknown }[]; nextCursor: string };
  t.deepEqual(
    one.items.map((e) => e.revision),
    [0, 1],
  );
  t.deepEqual(one.items[1]?.data, { color: 'blue' });
  const second = await call(t, `/audit/streams/${DOOR}?limit=2&cursor=${one.nextCursor}`);
  const two = (await second.json()) as { items: { revision: number; type: string }[]; nextCursor: null };
  t.deepEqual(
    two.items.map((e) => [e.revision, e.type]),
    [[2, 'DoorLocked']],
  );
  t.is(two.nextCursor, null);
  const missing = await call(t, `/audit/streams/nothing-${run}`);
  t.is(missing.status, 404);
});

test('folds a stream state up to a position or a time; 404 for a stream without events', async (t) => {
  const painted = t.context.positions[DOOR]?.[1];
  const atPosition = await call(t, `/audit/streams/${DOOR}/state?at=${String(painted)}`);
  t.is(atPosition.status, 200);
  t.like(await atPosition.json(), {
    streamId: DOOR,
    eventCount: 2,
    state: { color: 'blue', locked: false },
    lastEvent: { position: String(painted), type: 'DoorPainted', actor: 'cli:alice' },
  });
  const atTime = await call(t, `/audit/streams/${DOOR}/state?at=${at(1)}`);
  t.like(await atTime.json(), { eventCount: 1, state: { color: 'red', locked: false } });
  const now = await call(t, `/audit/streams/${DOOR}/state`);
  t.like(await now.json(), { eventCount: 3, state: { color: 'blue', locked: true } });
  const none = await call(t, `/audit/streams/nothing-${run}/state`);
  t.is(none.status, 404);
  t.like(await none.json(), { code: 'AUDIT.STREAM_NOT_FOUND' });
  const bad = await call(t, `/audit/streams/${DOOR}/state?at=soon`);
  t.is(bad.status, 422);
});
