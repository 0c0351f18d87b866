import anyTest, { type TestFn } from 'ava';
import { makeAgentLinkCommands } from '../../../application/otrs/index.ts';
import { withPersonalDataProtection } from '../../../application/personal-data/index.ts';
import type { CommandContext } from '../../../application/commands/index.ts';
import { otrsAgentLoginStreamId } from '../../../domain/otrs/index.ts';
import { createPostgresEventStore } from '../../../infrastructure/event-store/index.ts';
import { otrsLoginClaimKeys, postgresOtrsAgentSessions } from '../../../infrastructure/otrs/index.ts';
import {
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';
import { type ServedApi, startServedApi } from '../../support/served-api.ts';
import { TEST_MASTER_KEY } from '../../support/tbot-process.ts';

// `GET /api/v1/otrs/links` and `DELETE /api/v1/otrs/links/:telegramUserId` on a served node; the links are made
// by the application's own commands (as the bot's /otrs_link makes them) on the node's protected log.
type Context = { api: ServedApi; token: string; close: () => Promise<void> } & ReturnType<typeof commands>;
const test = anyTest.serial as TestFn<Context>;

const ANNA = 1701;
const BORIS = 1702;

function commands(api: ServedApi) {
  const masterKey = parseMasterKey(TEST_MASTER_KEY);
  if (!masterKey) throw new Error('the test master key does not parse');
  const { pool, url } = api.database;
  const raw = createPostgresEventStore({ pool, url });
  const keys = createPostgresPersonalDataKeys({ pool, masterKey });
  const store = withPersonalDataProtection(raw, { keys });
  const sessions = postgresOtrsAgentSessions({ pool, keys });
  const claimKeys = otrsLoginClaimKeys(masterKey);
  return {
    links: makeAgentLinkCommands({ store, sessions, claimKeys }),
    claimKeys,
    sessions,
    store,
    close: () => raw.close(),
  };
}

const write = (key: string): CommandContext => ({ metadata: testMetadata, idempotencyKey: key });

interface Link {
  telegramUserId: number;
  login: string;
  status: string;
}

test.before(async (t) => {
  const api = await startServedApi();
  t.context.api = api;
  Object.assign(t.context, commands(api));
  t.context.token = await api.adminToken();
});

test.after.always(async (t) => {
  await t.context.close?.();
  await t.context.api?.stop();
});

const list = async (t: { context: Context }, query = ''): Promise<Link[]> => {
  const response = await t.context.api.call(`/otrs/links${query}`, { token: t.context.token });
  if (response.status !== 200) throw new Error(`GET /otrs/links answered ${response.status}`);
  return ((await response.json()) as { items: Link[] }).items;
};

test('admins list the links with their logins (kept encrypted in the log) and whether the session is live', async (t) => {
  const { links, api } = t.context;
  await links.link(ANNA, 'anna', { sessionId: 'anna-session-0001' }, write('test:link-anna'));
  await links.link(BORIS, 'Boris', { sessionId: 'boris-session-0002' }, write('test:link-boris'));
  await links.expire(BORIS, write('test:expire-boris'));

  const shown = await eventually(async () => {
    const items = await list(t);
    return items.length === 2 && items.some((l) => l.status === 'expired') ? items : null;
  }, 15_000);
  t.deepEqual(
    shown?.map(({ telegramUserId, login, status }) => ({ telegramUserId, login, status })),
    // Linked at the same instant (the fixture's metadata): then by id.
    [
      { telegramUserId: ANNA, login: 'anna', status: 'active' },
      { telegramUserId: BORIS, login: 'Boris', status: 'expired' },
    ],
  );
  t.deepEqual(
    (await list(t, '?status=active')).map((l) => l.telegramUserId),
    [ANNA],
  );
  const { rows } = await api.database.pool.query<{ data: string }>(
    `select data::text from es.events where type = 'OtrsAgentLinked'`,
  );
  t.is(rows.length, 2);
  t.false(
    rows.some((r) => r.data.includes('anna') || r.data.includes('Boris')),
    'the log keeps no login in plain',
  );

  t.is((await api.call('/otrs/links')).status, 401);
  t.is((await api.call('/otrs/links?status=gone', { token: t.context.token })).status, 422);
});

test('an admin revokes a link (reason revoked): the login is freed and the session dropped; idempotent by key', async (t) => {
  const { api, token, store, sessions, claimKeys } = t.context;
  const headers = { 'Idempotency-Key': 'revoke-anna-1' };
  const revoked = await api.call(`/otrs/links/${ANNA}`, { method: 'DELETE', token, headers });
  t.is(revoked.status, 200);
  t.deepEqual(await revoked.json(), { telegramUserId: ANNA, status: 'unlinked' });

  const events = await store.readStream(`otrs-agent-link-${ANNA}`);
  t.deepEqual(
    events.map((e) => e.type),
    ['OtrsAgentLinked', 'OtrsAgentUnlinked'],
  );
  t.deepEqual(events.at(-1)?.data, { telegramUserId: ANNA, reason: 'revoked' });
  t.is(events.at(-1)?.metadata.actor.kind, 'admin');
  t.deepEqual(
    (await store.readStream(otrsAgentLoginStreamId(claimKeys.claimKeyOf('anna')))).map((e) => e.type),
    ['OtrsAgentLoginClaimed', 'OtrsAgentLoginReleased'],
  );
  t.is(await sessions.get(ANNA), null);
  t.deepEqual(await sessions.get(BORIS), null, 'an expired session was dropped when it expired');
  t.deepEqual(
    (await list(t)).map((l) => l.telegramUserId),
    [BORIS],
  );

  const again = await api.call(`/otrs/links/${ANNA}`, { method: 'DELETE', token, headers });
  t.is(again.status, 200, 'the same key answers the same');
  t.is((await store.readStream(`otrs-agent-link-${ANNA}`)).length, 2, 'nothing written twice');

  const notLinked = await api.call(`/otrs/links/${ANNA}`, {
    method: 'DELETE',
    token,
    headers: { 'Idempotency-Key': 'revoke-anna-2' },
  });
  t.is(notLinked.status, 422);
  t.is(((await notLinked.json()) as { code: string }).code, 'OTRS_AGENT.NOT_LINKED');
  t.is((await api.call(`/otrs/links/0`, { method: 'DELETE', token })).status, 422);
});
