import anyTest, { type TestFn } from 'ava';
import { otrsAgentLinkStreamId, otrsAgentLoginStreamId } from '../../../domain/otrs/index.ts';
import { otrsLoginClaimKeys } from '../../../infrastructure/otrs/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import {
  type ProtectedEventStoreContext,
  protectedAgentLinks,
  testMasterKey,
  withProtectedEventStore,
} from '../../support/protected-event-store-fixture.ts';

// An unlink is three steps (the link ends, the login's claim is released, the session dropped): a process
// that dies after the first leaves the claim held. Its retry, or a later forget's unlink, must release it.
type Context = ProtectedEventStoreContext;
const test = anyTest as TestFn<Context>;
const masterKey = testMasterKey('0'.repeat(63) + '9');
withProtectedEventStore(test, masterKey, { poolMax: 4 });

const claimKeys = otrsLoginClaimKeys(masterKey);
const write = { metadata: testMetadata };

const agents = (t: { context: Context }) => protectedAgentLinks(t.context, masterKey);

/** The unlink's first step alone, as a process that died right after it left the log. */
const unlinkedOnly = (t: { context: Context }, telegramUserId: number) =>
  t.context.protectedStore.append(otrsAgentLinkStreamId(telegramUserId), [
    { type: 'OtrsAgentUnlinked', data: { telegramUserId, reason: 'self' }, metadata: testMetadata },
  ]);

const claimTypes = async (t: { context: Context }, login: string) =>
  (await t.context.protectedStore.readStream(otrsAgentLoginStreamId(claimKeys.claimKeyOf(login)))).map(
    (event) => event.type,
  );

test('a forget’s unlink releases the claim an unlink that died after ending the link left held', async (t) => {
  await agents(t).link(4101, 'k.orlov', { sessionId: 'S-4101' }, write);
  await unlinkedOnly(t, 4101);
  t.deepEqual(await claimTypes(t, 'k.orlov'), ['OtrsAgentLoginClaimed']);

  await agents(t).unlink(4101, 'forgotten', write);
  t.deepEqual(await claimTypes(t, 'k.orlov'), ['OtrsAgentLoginClaimed', 'OtrsAgentLoginReleased']);
  t.deepEqual(
    (await t.context.protectedStore.readStream(otrsAgentLinkStreamId(4101))).map((event) => event.type),
    ['OtrsAgentLinked', 'OtrsAgentUnlinked'],
    'the link was ended once',
  );
  await agents(t).link(4102, 'K.Orlov', { sessionId: 'S-4102' }, write);
  t.is((await claimTypes(t, 'k.orlov')).at(-1), 'OtrsAgentLoginClaimed', 'another user can link it now');
});

test('a retried unlink (same idempotency key) releases what the first try left held', async (t) => {
  const ids = agents(t);
  await ids.link(4201, 'm.lebedeva', { sessionId: 'S-4201' }, write);
  // The first try: the link's append under the key, then the process died.
  await t.context.protectedStore.append(
    otrsAgentLinkStreamId(4201),
    [{ type: 'OtrsAgentUnlinked', data: { telegramUserId: 4201, reason: 'self' }, metadata: testMetadata }],
    { idempotencyKey: 'unlink-4201' },
  );
  await ids.unlink(4201, 'self', { ...write, idempotencyKey: 'unlink-4201' });
  t.deepEqual(await claimTypes(t, 'm.lebedeva'), ['OtrsAgentLoginClaimed', 'OtrsAgentLoginReleased']);
});

test('an unlink of someone who holds no claim any more writes nothing on it', async (t) => {
  const ids = agents(t);
  await ids.link(4301, 'a.belova', { sessionId: 'S-4301' }, write);
  await ids.unlink(4301, 'self', write);
  await ids.link(4302, 'a.belova', { sessionId: 'S-4302' }, write);
  await ids.unlink(4301, 'forgotten', write);
  t.deepEqual(await claimTypes(t, 'a.belova'), [
    'OtrsAgentLoginClaimed',
    'OtrsAgentLoginReleased',
    'OtrsAgentLoginClaimed',
  ]);
});
