import type { Logger } from 'pino';
import { type LogAct, recordLogAct } from '../../application/event-log/index.ts';
import { type AppendResult, type EventStore, systemClock } from '../../application/ports/index.ts';
import { type PersonalDataKeys, withPersonalDataProtection } from '../../application/personal-data/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import {
  type MasterKey,
  assertMasterKeyMatches,
  createPostgresPersonalDataKeys,
  resolvePersonalDataMasterKey,
} from '../../infrastructure/personal-data/index.ts';
import { type DatabaseHandle, migrateToLatest } from '../../infrastructure/postgres/index.ts';
import { assertLogFromThisCluster } from '../../infrastructure/postgres/restored-log-check.ts';
import {
  type DatabaseRuntime,
  type DatabaseRuntimeOptions,
  openDatabaseRuntime,
} from './database-runtime.ts';

export interface ProtectedEventStore {
  /** The event store every reader and writer uses: personal data encrypted on the way in, decrypted out. */
  readonly eventStore: EventStore;
  readonly personalDataKeys: PersonalDataKeys;
  readonly close: () => Promise<void>;
}

/**
 * The master key of personal data: the configured one, or in the embedded mode the one under `DATA_DIR`
 * (generated on a first start). Resolve it before opening the database: a bad key file is a configuration
 * problem, refused before anything was started or migrated.
 */
export function resolveMasterKey(config: Config, logger: Logger): MasterKey {
  return resolvePersonalDataMasterKey({
    configured: config.personalData.masterKey,
    databaseUrl: config.database.url,
    dataDir: config.dataDir,
    logger,
  });
}

/**
 * The PostgreSQL event store behind the personal-data decorator, on an open (migrated) database. The master
 * key is `masterKey` (see `resolveMasterKey`; resolved here when not given); a key that does not match the one the
 * database's keys were wrapped with refuses to start rather than read garbage; so does a log restored from
 * another cluster, whose transaction ids would make every reader skip events (`tbot events renumber` fixes it).
 */
export async function openProtectedEventStore(
  config: Config,
  logger: Logger,
  database: DatabaseRuntime,
  masterKey: MasterKey = resolveMasterKey(config, logger),
): Promise<ProtectedEventStore> {
  await assertMasterKeyMatches(database.pool, masterKey);
  await assertLogFromThisCluster(database.pool);
  const personalDataKeys = createPostgresPersonalDataKeys({ pool: database.pool, masterKey });
  const store = createPostgresEventStore({
    pool: database.pool,
    url: database.url,
    onListenerError: (error) =>
      logger.warn({ err: error }, 'event listener connection lost; polling meanwhile'),
  });
  return {
    eventStore: withPersonalDataProtection(store, { keys: personalDataKeys }),
    personalDataKeys,
    close: () => store.close(),
  };
}

export interface EventStoreRuntime extends ProtectedEventStore {
  readonly database: DatabaseRuntime;
  /** What keys derive from beside the data keys (the OTRS customer keys an employee's forget needs). */
  readonly masterKey: MasterKey;
}

/** For one-off commands: the master key, then the database (migrated), and the protected event store on it. */
export async function openEventStoreRuntime(
  config: Config,
  logger: Logger,
  options: DatabaseRuntimeOptions = {},
): Promise<EventStoreRuntime> {
  const masterKey = resolveMasterKey(config, logger);
  const database = await openDatabaseRuntime(config, logger, options);
  try {
    await migrateToLatest(database.db);
    const store = await openProtectedEventStore(config, logger, database, masterKey);
    return {
      ...store,
      database,
      masterKey,
      close: async () => {
        await store.close();
        await database.close();
        // Kysely ends the pool only once it ran a query itself (see the events command).
        if (!database.pool.ending) await database.pool.end();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * Records an operator's act at the terminal on a log this process holds no master key for (the target of
 * `tbot db copy`, checked only once its first node starts). No personal-data decorator, and none needed: a
 * log act has no personal field and a `cli` actor's name is no person's (see `actorSubject`); the store is
 * closed again before this returns, so nothing else can be written through it.
 */
export async function recordCliLogActOn(
  database: DatabaseHandle & { readonly url: string },
  act: LogAct & { readonly actor: { readonly kind: 'cli' } },
): Promise<AppendResult> {
  const store = createPostgresEventStore({ pool: database.pool, url: database.url });
  try {
    return await recordLogAct({ store, clock: systemClock }, act);
  } finally {
    await store.close();
  }
}
