import anyTest, { type TestFn } from 'ava';
import {
  makeCheckStateCommands,
  makeServerCommands,
  pushTokenDigest,
} from '../../../application/monitoring/index.ts';
import { type EventStore, type NewEvent, randomIds } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { ServerRegistered } from '../../../domain/monitoring/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';
import { type MonitoringCommands, monitoringCommands, timing } from './monitoring-fixture.ts';

type Context = EventStoreContext & MonitoringCommands;
const test = anyTest as TestFn<Context>;
withEventStore(test, { poolMax: 4 });

test.before((t) => {
  Object.assign(t.context, monitoringCommands(t.context.store));
});

const tcp = { definition: { kind: 'tcp', port: 22 }, timing } as const;

test('registers a server in a group; a push check’s token is returned once and only its digest stored', async (t) => {
  const { groups, servers, store } = t.context;
  const { groupId } = await groups.create({ name: 'ЦОД' }, { metadata });
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  const server = {
    name: 'backup01',
    host: 'Backup01.corp.local',
    groupId,
    checks: [tcp, { definition: { kind: 'push' }, timing }],
  } as const;
  const first = await servers.register(server, write);
  const [token] = first.pushTokens;
  t.truthy(token);
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${first.serverId}`);
  t.like(registered?.data, { host: 'backup01.corp.local', groupId });
  t.deepEqual(registered?.data.checks[1]?.definition, {
    kind: 'push',
    tokenDigest: pushTokenDigest(token?.token ?? ''),
  });
  t.false(JSON.stringify(registered?.data).includes(token?.token ?? '-'));
  // A retry names the same server, appends nothing and shows no token (it was shown once).
  const again = await servers.register(server, write);
  t.is(again.serverId, first.serverId);
  t.true(again.duplicate);
  t.deepEqual(again.pushTokens, []);
});

test('given a shared secret, when a create with a push check is retried, the retry answers the same token, whose digest is stored (F6)', async (t) => {
  const { store } = t.context;
  const servers = makeServerCommands({
    store,
    ids: randomIds,
    checkStates: makeCheckStateCommands({ store }),
    pushTokenSecret: 'test-secret-of-at-least-32-characters!!',
  });
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  const server = {
    name: `push-${randomIds.newId()}`,
    host: '10.0.0.9',
    checks: [{ definition: { kind: 'push' }, timing }],
  } as const;
  const first = await servers.register(server, write);
  const again = await servers.register(server, write);
  t.true(again.duplicate);
  t.is(first.pushTokens.length, 1);
  t.deepEqual(again.pushTokens, first.pushTokens);
  const [registered] = await store.readStream<ServerRegistered>(`monitoring-server-${first.serverId}`);
  t.deepEqual(registered?.data.checks[0]?.definition, {
    kind: 'push',
    tokenDigest: pushTokenDigest(first.pushTokens[0]?.token ?? ''),
  });
  // Another command (another key) makes another token.
  const other = await servers.addCheck(
    first.serverId,
    { definition: { kind: 'push' }, timing },
    {
      metadata,
      idempotencyKey: `test:${randomIds.newId()}`,
    },
  );
  t.notDeepEqual(other.pushTokens[0]?.token, first.pushTokens[0]?.token);
});

test('refuses a parent that would make a cycle, reading the chain of parents', async (t) => {
  const { servers, store } = t.context;
  const a = await servers.register({ name: 'router', host: '10.0.0.1', checks: [tcp] }, { metadata });
  const b = await servers.register(
    { name: 'switch', host: '10.0.0.2', parentId: a.serverId, checks: [tcp] },
    { metadata },
  );
  const c = await servers.register(
    { name: 'host', host: '10.0.0.3', parentId: b.serverId, checks: [tcp] },
    { metadata },
  );
  await t.throwsAsync(servers.setParent(a.serverId, c.serverId, { metadata }), {
    code: 'SERVER.PARENT_CYCLE',
  });
  t.is((await store.readStream(`monitoring-server-${a.serverId}`)).length, 1);
  await t.throwsAsync(servers.setParent(c.serverId, 'b0000000-0000-4000-8000-00000000dead', { metadata }), {
    code: 'SERVER.NOT_FOUND',
  });
  const moved = await servers.setParent(c.serverId, a.serverId, { metadata });
  t.like(moved.events[0]?.data, { from: b.serverId, to: a.serverId });
});

test.serial('refuses a port out of range with the field named, and writes nothing', async (t) => {
  const { servers, store } = t.context;
  const before = await store.headCheckpoint();
  const error = await t.throwsAsync(
    servers.register(
      { name: 'db', host: 'db01', checks: [tcp, { definition: { kind: 'tcp', port: 70000 }, timing }] },
      { metadata },
    ),
  );
  t.like(error, { code: 'CHECK.INVALID_PORT', context: { field: 'checks.1.definition.port' } });
  await t.throwsAsync(servers.register({ name: 'db', host: 'db 01', checks: [tcp] }, { metadata }), {
    code: 'SERVER.INVALID_HOST',
  });
  t.deepEqual(await store.headCheckpoint(), before);
});

test('pausing, resuming and removing a server reach every check’s state stream', async (t) => {
  const { servers, store } = t.context;
  const { serverId, events } = await servers.register(
    { name: 'web', host: 'web01', checks: [tcp, { definition: { kind: 'ping' }, timing }] },
    { metadata },
  );
  const checkIds =
    events[0]?.type === 'ServerRegistered' ? events[0].data.checks.map((check) => check.checkId) : [];
  t.is(checkIds.length, 2);
  await servers.pause(serverId, { metadata });
  await servers.resume(serverId, { metadata });
  await servers.remove(serverId, { metadata });
  for (const checkId of checkIds) {
    const types = (await store.readStream(`monitoring-check-${checkId}`)).map((event) => event.type);
    t.deepEqual(types, ['CheckPaused', 'CheckResumed', 'CheckRetired']);
  }
});

test('removing a check ends its state; the last check stays', async (t) => {
  const { servers, store } = t.context;
  const { serverId } = await servers.register({ name: 'mail', host: 'mail01', checks: [tcp] }, { metadata });
  const added = await servers.addCheck(serverId, { definition: { kind: 'ping' }, timing }, { metadata });
  await servers.removeCheck(serverId, added.checkId, { metadata });
  t.deepEqual(
    (await store.readStream(`monitoring-check-${added.checkId}`)).map((event) => event.type),
    ['CheckRetired'],
  );
  const server = await store.readStream(`monitoring-server-${serverId}`);
  const [first] =
    server[0]?.type === 'ServerRegistered' ? (server[0].data as ServerRegistered['data']).checks : [];
  await t.throwsAsync(servers.removeCheck(serverId, first?.checkId ?? '', { metadata }), {
    code: 'SERVER.NO_CHECKS',
  });
});

test('no two servers answer to one name, whatever its case; a rename or a removal frees it', async (t) => {
  const { servers } = t.context;
  const first = await servers.register({ name: 'Шлюз  Офис', host: 'gw01', checks: [tcp] }, { metadata });
  await t.throwsAsync(servers.register({ name: 'шлюз офис', host: 'gw02', checks: [tcp] }, { metadata }), {
    code: 'SERVER.NAME_TAKEN',
  });
  await servers.change(first.serverId, { name: 'Шлюз старый' }, { metadata });
  const second = await servers.register({ name: 'ШЛЮЗ ОФИС', host: 'gw02', checks: [tcp] }, { metadata });
  await t.throwsAsync(servers.change(first.serverId, { name: 'шлюз офис' }, { metadata }), {
    code: 'SERVER.NAME_TAKEN',
  });
  await servers.remove(second.serverId, { metadata });
  const renamed = await servers.change(first.serverId, { name: 'Шлюз офис' }, { metadata });
  t.like(renamed.events[0]?.data, { from: 'Шлюз старый', to: 'Шлюз офис' });
});

/** The store, but its next append to a stream `fails` picks throws once, as a connection lost mid-write would. */
function blippingStore(store: EventStore) {
  let fails: ((streamId: string, events: readonly NewEvent[]) => boolean) | null = null;
  const blipping: EventStore = Object.create(store) as EventStore;
  blipping.append = (streamId, events, options) => {
    if (fails?.(streamId, events)) {
      fails = null;
      return Promise.reject(new Error('connection reset (a blip)'));
    }
    return store.append(streamId, events, options);
  };
  return { store: blipping, failNext: (pick: typeof fails) => (fails = pick) };
}

test('a rename retried with its key after its append failed holds its new name: no other server takes it (review R1)', async (t) => {
  const blip = blippingStore(t.context.store);
  const { servers } = monitoringCommands(blip.store);
  const { serverId } = await servers.register(
    { name: 'alpha-r1', host: 'alpha.local', checks: [tcp] },
    { metadata },
  );
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  blip.failNext((streamId) => streamId === `monitoring-server-${serverId}`);
  await t.throwsAsync(servers.change(serverId, { name: 'beta-r1' }, write));
  await servers.change(serverId, { name: 'beta-r1' }, write);
  const other = servers.register({ name: 'beta-r1', host: 'beta.local', checks: [tcp] }, { metadata });
  await t.throwsAsync(other, { instanceOf: DomainError, message: /beta-r1|taken/i });
});

test('a rename retried after it committed but before the old name was given back frees the old name (review R2)', async (t) => {
  const blip = blippingStore(t.context.store);
  const { servers } = monitoringCommands(blip.store);
  const { serverId } = await servers.register(
    { name: 'alpha-r2', host: 'alpha.local', checks: [tcp] },
    { metadata },
  );
  const write = { metadata, idempotencyKey: `test:${randomIds.newId()}` };
  blip.failNext(
    (streamId, events) =>
      streamId.startsWith('monitoring-name-') && events.some((event) => event.type === 'ServerNameReleased'),
  );
  await t.throwsAsync(servers.change(serverId, { name: 'beta-r2' }, write));
  await servers.change(serverId, { name: 'beta-r2' }, write);
  const again = await servers.register(
    { name: 'alpha-r2', host: 'alpha2.local', checks: [tcp] },
    { metadata },
  );
  t.not(again.serverId, serverId);
});
