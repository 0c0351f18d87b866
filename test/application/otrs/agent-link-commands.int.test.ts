import anyTest, { type TestFn } from 'ava';
import { randomBytes } from 'node:crypto';
import { makeAgentLinkCommands } from '../../../application/otrs/index.ts';
import type { OtrsAgentSessions, OtrsSession } from '../../../application/ports/index.ts';
import { otrsAgentLoginStreamId } from '../../../domain/otrs/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { otrsLoginClaimKeys, postgresOtrsAgentSessions } from '../../../infrastructure/otrs/index.ts';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../../../infrastructure/personal-data/index.ts';
import { eventually } from '../../support/eventually.ts';
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
    // One change at a time is the PostgreSQL adapter's (tested below with it): these tests make one at a time.
    exclusive: (_id, change) => change(),
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
    exclusive: (_id, change) => change(),
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

/**
 * The PostgreSQL sessions, whose first `put` holds on until a second link change of the same user is seen
 * waiting for the first (in `pg_locks`), or a bound passed: the two completions overlap as much as they can.
 * `puts` lists the sessions put, in order.
 */
function racingSessions(t: { context: EventStoreContext }): OtrsAgentSessions & { puts: string[] } {
  const { pool } = t.context.database;
  const real = postgresOtrsAgentSessions({
    pool,
    keys: createPostgresPersonalDataKeys({ pool, masterKey: masterKeyOf(randomBytes(32)) }),
  });
  const puts: string[] = [];
  return {
    ...real,
    puts,
    async put(id, session) {
      puts.push(session.sessionId);
      if (puts.length === 1) {
        await eventually(async () => {
          const { rows } = await pool.query(
            `select 1 from pg_locks where locktype = 'advisory' and not granted`,
          );
          return rows.length > 0;
        }, 3000);
      }
      return real.put(id, session);
    },
  };
}

const sessionOf = async (sessions: OtrsAgentSessions, id: number) =>
  (await sessions.get(id))?.sessionId ?? null;

const claimTypes = async (t: { context: EventStoreContext }, login: string) =>
  (await t.context.store.readStream(otrsAgentLoginStreamId(claimKeys.claimKeyOf(login)))).map((e) => e.type);

// Serial: each waits for an advisory lock's waiter, which the other's would fake.
test.serial(
  'two racing completions of one user with two logins: one links, the other is refused before it claims; the session kept is the link’s',
  async (t) => {
    const sessions = racingSessions(t);
    const links = makeAgentLinkCommands({ store: t.context.store, sessions, claimKeys });
    const logins = ['orlova', 'popov'] as const;
    const results = await Promise.allSettled(
      logins.map((login, i) =>
        links.link(
          71,
          login,
          { sessionId: `s-${login}` },
          { metadata: testMetadata, idempotencyKey: `k-71-${i}` },
        ),
      ),
    );
    const won = results.findIndex((r) => r.status === 'fulfilled');
    const lost = 1 - won;
    t.true(won >= 0, 'one links');
    const refused = results[lost];
    t.is(refused?.status, 'rejected', 'the other is refused');
    t.is(((refused as PromiseRejectedResult).reason as DomainError).code, 'OTRS_AGENT.ALREADY_LINKED');
    t.deepEqual(
      sessions.puts,
      [`s-${logins[won]}`],
      'the refused one kept no session, not even for a moment',
    );
    t.is(await sessionOf(sessions, 71), `s-${logins[won]}`, 'the link keeps its session');
    t.deepEqual(await claimTypes(t, logins[lost] ?? ''), [], 'the refused login was never claimed');
    t.deepEqual(await claimTypes(t, logins[won] ?? ''), ['OtrsAgentLoginClaimed']);
    const linked = await t.context.store.readStream('otrs-agent-link-71');
    t.deepEqual(
      linked.map((e) => [e.type, (e.data as { login?: string }).login]),
      [['OtrsAgentLinked', logins[won]]],
    );
  },
);

test.serial(
  'two racing completions of one user with the same login: both link, the later one’s session is kept',
  async (t) => {
    const sessions = racingSessions(t);
    const links = makeAgentLinkCommands({ store: t.context.store, sessions, claimKeys });
    const results = await Promise.allSettled(
      ['frolov', 'Frolov'].map((login, i) =>
        links.link(
          72,
          login,
          { sessionId: `s-${i}` },
          { metadata: testMetadata, idempotencyKey: `k-72-${i}` },
        ),
      ),
    );
    t.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled'],
    );
    t.is(sessions.puts.length, 2);
    t.is(await sessionOf(sessions, 72), sessions.puts[1] ?? '-', 'the later completion’s session');
    t.deepEqual(await claimTypes(t, 'frolov'), ['OtrsAgentLoginClaimed']);
    t.deepEqual(
      (await t.context.store.readStream('otrs-agent-link-72')).map((e) => e.type),
      ['OtrsAgentLinked'],
    );
  },
);
