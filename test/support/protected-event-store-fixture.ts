import type { TestFn } from 'ava';
import { makeAgentLinkCommands } from '../../application/otrs/index.ts';
import { type PersonalDataKeys, withPersonalDataProtection } from '../../application/personal-data/index.ts';
import type { EventStore } from '../../application/ports/index.ts';
import { otrsLoginClaimKeys, postgresOtrsAgentSessions } from '../../infrastructure/otrs/index.ts';
import {
  type MasterKey,
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../infrastructure/personal-data/index.ts';
import {
  type EventStoreContext,
  type EventStoreFixtureOptions,
  withEventStore,
} from './event-store-fixture.ts';

/** What `withProtectedEventStore` keeps in `t.context`. */
export interface ProtectedEventStoreContext extends EventStoreContext {
  keys: PersonalDataKeys;
  /** The event store with personal data encrypted under each person's key, as TBot runs it. */
  protectedStore: EventStore;
}

/** A master key from 64 hex digits: give each test file its own, so none reads another's data by accident. */
export function testMasterKey(hex: string): MasterKey {
  const masterKey = parseMasterKey(hex);
  if (!masterKey) throw new Error('test master key does not parse');
  return masterKey;
}

/**
 * `withEventStore`, and the personal data keys in PostgreSQL under `masterKey` with the event store protected
 * by them (`t.context.keys`, `t.context.protectedStore`). Call it before the file's own `test.before`.
 */
export function withProtectedEventStore<C extends ProtectedEventStoreContext>(
  test: TestFn<C>,
  masterKey: MasterKey,
  options: EventStoreFixtureOptions = {},
): void {
  withEventStore(test, options);
  test.serial.before((t) => {
    t.context.keys = createPostgresPersonalDataKeys({ pool: t.context.database.pool, masterKey });
    t.context.protectedStore = withPersonalDataProtection(t.context.store, { keys: t.context.keys });
  });
}

/** The OTRS link commands on the protected store, with the agent sessions in PostgreSQL, as TBot makes them. */
export const protectedAgentLinks = (context: ProtectedEventStoreContext, masterKey: MasterKey) =>
  makeAgentLinkCommands({
    store: context.protectedStore,
    sessions: postgresOtrsAgentSessions({ pool: context.database.pool, keys: context.keys }),
    claimKeys: otrsLoginClaimKeys(masterKey),
  });
