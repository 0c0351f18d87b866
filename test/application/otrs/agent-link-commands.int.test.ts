import anyTest, { type TestFn } from 'ava';
import { randomBytes } from 'node:crypto';
import { makeAgentLinkCommands } from '../../../application/otrs/index.ts';
import type { OtrsAgentSessions, OtrsSession } from '../../../application/ports/index.ts';
import { otrsAgentLoginStreamId } from '../../../domain/otrs/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { otrsLoginClaimKeys } from '../../../infrastructure/otrs/index.ts';
import { masterKeyOf } from '../../../infrastructure/personal-data/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type EventStoreContext, withEventStore } from '../../support/event-store-fixture.ts';

const test = anyTest as TestFn<EventStoreContext>;
withEventStore(test);
const claimKeys = otrsLoginClaimKeys(masterKeyOf(randomBytes(32)));

/** The sessions as a map: what the link keeps is what this test looks at (the adapter has its own test). */
function mapSessions(): OtrsAgentSessions & { readonly kept: Map<number, OtrsSession> } {
  const kept = new Map<number, OtrsSession>();
  return {
    kept,
    put: (id, session) => Promise.resolve(void kept.set(id, session)),
    get: (id) => Promise.resolve(kept.get(id) ?? null),
    drop: (id) => Promise.resolve(kept.delete(id)),
  };
}

test('a user linked to one login who links another is refused before its claim: nothing is left claimed', async (t) => {
  const sessions = mapSessions();
  const links = makeAgentLinkCommands({ store: t.context.store, sessions, claimKeys });
  await links.link(41, 'ivanov', { sessionId: 's-1' }, { metadata: testMetadata, idempotencyKey: 'k-1' });
  const error = await t.throwsAsync(
    links.link(41, 'petrov', { sessionId: 's-2' }, { metadata: testMetadata, idempotencyKey: 'k-2' }),
  );
  t.true(error instanceof DomainError);
  t.is((error as DomainError).code, 'OTRS_AGENT.ALREADY_LINKED');
  t.deepEqual(await t.context.store.readStream(otrsAgentLoginStreamId(claimKeys.claimKeyOf('petrov'))), []);
  t.deepEqual(sessions.kept.get(41), { sessionId: 's-1' }, 'the first session is kept');

  // The same login again (another spelling) is no second login: it renews nothing while the session is live.
  await links.link(41, 'IVANOV', { sessionId: 's-3' }, { metadata: testMetadata, idempotencyKey: 'k-3' });
  t.deepEqual(sessions.kept.get(41), { sessionId: 's-3' });
  t.is((await t.context.store.readStream('otrs-agent-link-41')).length, 1);
});

test('the session is kept before the link: a failing store of sessions commits no link, so no committed link is answered as a failure', async (t) => {
  const sessions: OtrsAgentSessions = {
    put: () => Promise.reject(new Error('sessions table unavailable')),
    get: () => Promise.resolve(null),
    drop: () => Promise.resolve(false),
  };
  const links = makeAgentLinkCommands({ store: t.context.store, sessions, claimKeys });
  await t.throwsAsync(
    links.link(51, 'sidorov', { sessionId: 's-9' }, { metadata: testMetadata, idempotencyKey: 'k-9' }),
    { message: 'sessions table unavailable' },
  );
  t.deepEqual(await t.context.store.readStream('otrs-agent-link-51'), []);
  t.deepEqual(await t.context.store.readStream(otrsAgentLoginStreamId(claimKeys.claimKeyOf('sidorov'))), []);
});

test('a link refused at the claim (LOGIN_TAKEN) drops the session it kept first', async (t) => {
  const sessions = mapSessions();
  const links = makeAgentLinkCommands({ store: t.context.store, sessions, claimKeys });
  await links.link(61, 'kuznetsov', { sessionId: 's-a' }, { metadata: testMetadata, idempotencyKey: 'k-a' });
  const error = await t.throwsAsync(
    links.link(62, 'Kuznetsov', { sessionId: 's-b' }, { metadata: testMetadata, idempotencyKey: 'k-b' }),
  );
  t.is((error as DomainError).code, 'OTRS_AGENT.LOGIN_TAKEN');
  t.false(sessions.kept.has(62), 'the refused user keeps no session');
  t.deepEqual(sessions.kept.get(61), { sessionId: 's-a' }, 'the holder keeps theirs');
  t.deepEqual(await t.context.store.readStream('otrs-agent-link-62'), []);
});
