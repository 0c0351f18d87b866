import anyTest, { type TestFn } from 'ava';
import { makeForgetPerson } from '../../../application/personal-data/index.ts';
import { makeForgetTelegramUser, makeTelegramUserCommands } from '../../../application/telegram/index.ts';
import { otrsAgentLinkStreamId, otrsAgentLoginStreamId } from '../../../domain/otrs/index.ts';
import { otrsLoginClaimKeys } from '../../../infrastructure/otrs/index.ts';
import { postgresTelegramUserTraces } from '../../../infrastructure/telegram/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import {
  type ProtectedEventStoreContext,
  protectedAgentLinks,
  testMasterKey,
  withProtectedEventStore,
} from '../../support/protected-event-store-fixture.ts';

// Forgetting a Telegram user against PostgreSQL when ending their OTRS link fails: the forget is still done
// (a committed write is never answered as a failure), the failure is reported as a follow-up's, and what the
// unlink would have dropped (the session row) is purged with their other rows anyway.
const test = anyTest as TestFn<ProtectedEventStoreContext>;
const masterKey = testMasterKey('0'.repeat(63) + '5');
withProtectedEventStore(test, masterKey, { poolMax: 4 });

const claimKeys = otrsLoginClaimKeys(masterKey);
const write = { metadata: testMetadata };

test('a failing unlink does not stop the forget: it is reported, the key goes, the session row too', async (t) => {
  const { protectedStore: store, keys, database } = t.context;
  const users = makeTelegramUserCommands({ store, adminIds: new Set() });
  await users.identify(
    { telegramUserId: 9101, username: null, firstName: 'Олег', lastName: null, languageCode: null },
    write,
  );
  await protectedAgentLinks(t.context, masterKey).link(9101, 'o.ivanov', { sessionId: 'S-9101' }, write);

  const failed: { subjectId: string; step: string }[] = [];
  let unlinks = 0;
  const forget = makeForgetTelegramUser({
    users,
    forgetPerson: makeForgetPerson({ keys }),
    traces: postgresTelegramUserTraces(database.pool),
    otrsAgents: {
      unlink: () => {
        unlinks += 1;
        return Promise.reject(new Error('the event store went away here'));
      },
    },
    onFollowUpFailed: (subjectId, step) => failed.push({ subjectId, step }),
  });
  const result = await forget(9101, { metadata: { ...testMetadata, reason: 'просьба 9101' } });

  t.is(result.events[0]?.type, 'TelegramUserForgotten');
  t.is(unlinks, 2, 'tried before the forget, and again after it committed');
  t.deepEqual(failed, [{ subjectId: 'telegram-user-9101', step: 'unlink of their OTRS agent' }]);
  t.is(await keys.get('telegram-user-9101'), null, 'the key still went');
  const { rowCount } = await database.pool.query(
    'select 1 from otrs.agent_sessions where telegram_user_id = 9101',
  );
  t.is(rowCount, 0, 'the session row went with their other rows');
  t.deepEqual(
    (await store.readStream(otrsAgentLinkStreamId(9101))).map((event) => event.type),
    ['OtrsAgentLinked'],
  );

  // A retry of the forget, the link commands working again: the link ends; the login's claim, written under
  // the key that is gone, cannot be released any more (see NOTES-forget.md, known limits).
  const retry = makeForgetTelegramUser({
    users,
    forgetPerson: makeForgetPerson({ keys }),
    traces: postgresTelegramUserTraces(database.pool),
    otrsAgents: protectedAgentLinks(t.context, masterKey),
    onFollowUpFailed: (subjectId, step) => failed.push({ subjectId, step }),
  });
  await retry(9101, { metadata: { ...testMetadata, reason: 'просьба 9101' } });
  t.is(failed.length, 1, 'the retry reports nothing');
  t.deepEqual(
    (await store.readStream(otrsAgentLinkStreamId(9101))).map((event) => event.type),
    ['OtrsAgentLinked', 'OtrsAgentUnlinked'],
  );
  t.deepEqual(
    (await store.readStream(otrsAgentLoginStreamId(claimKeys.claimKeyOf('o.ivanov')))).map(
      (event) => event.type,
    ),
    ['OtrsAgentLoginClaimed'],
  );
});

test('the unlink carries no reason in plain and keys of its own', async (t) => {
  const { protectedStore: store, keys, database } = t.context;
  const users = makeTelegramUserCommands({ store, adminIds: new Set() });
  await users.identify(
    { telegramUserId: 9102, username: null, firstName: 'Нина', lastName: null, languageCode: null },
    write,
  );
  const agents = protectedAgentLinks(t.context, masterKey);
  await agents.link(9102, 'n.petrova', { sessionId: 'S-9102' }, write);
  const forget = makeForgetTelegramUser({
    users,
    forgetPerson: makeForgetPerson({ keys }),
    traces: postgresTelegramUserTraces(database.pool),
    otrsAgents: agents,
  });
  await forget(9102, {
    metadata: { ...testMetadata, reason: 'просьба Петровой 9102' },
    idempotencyKey: 'k-9102',
  });

  const { rows } = await database.pool.query<{ type: string; metadata: { reason?: string } }>(
    `select e.type, e.metadata from es.events e where stream_id = $1 order by position`,
    [otrsAgentLinkStreamId(9102)],
  );
  t.deepEqual(
    rows.map((row) => row.type),
    ['OtrsAgentLinked', 'OtrsAgentUnlinked'],
  );
  t.is(rows[1]?.metadata.reason, undefined);
  // Each append under a key of its own: the forget's own key names TelegramUserForgotten.
  for (const key of ['k-9102', 'k-9102:otrs-unlink', 'k-9102:otrs-unlink:login-release']) {
    t.not(await store.findAppend(key), null, key);
  }
  t.is(await store.findAppend('k-9102:otrs-unlink-after'), null, 'the follow-up found nothing left to do');
});
