import { EventStoreDBClient } from '@eventstore/db-client';
import type { TestFn } from 'ava';
import {
  type EsdbEventStore,
  type EsdbEventStoreOptions,
  createEsdbEventStore,
} from '../../infrastructure/eventstoredb/index.ts';
import { type EsdbTestServer, startEsdbTestServer } from './esdb-server/esdb-test-server.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';

/** What `withEsdbStore` keeps in `t.context`. */
export interface EsdbStoreContext {
  database: TestDatabase;
  /** `null` when the tests run against the real EventStoreDB of `EVENTSTORE_URL`. */
  server: EsdbTestServer | null;
  store: EsdbEventStore;
  /** Another store on the same log and database (new client), for tests that need one of their own. */
  openStore(options?: Partial<EsdbEventStoreOptions> & { url?: string }): EsdbEventStore;
}

/**
 * Gives the test file an EventStoreDB event store in `t.context`: on the wire-level test server, or on the
 * real EventStoreDB of `EVENTSTORE_URL` when it is set; its idempotency keys in a fresh PostgreSQL database.
 */
export function withEsdbStore<C extends EsdbStoreContext>(test: TestFn<C>): void {
  const opened: EsdbEventStore[] = [];
  test.serial.before(async (t) => {
    t.context.database = await createTestDatabase({ poolMax: 8 });
    const real = process.env['EVENTSTORE_URL'];
    t.context.server = real ? null : await startEsdbTestServer();
    const url = real ?? t.context.server?.url ?? '';
    t.context.openStore = (options = {}) => {
      const store = createEsdbEventStore({
        client: EventStoreDBClient.connectionString(options.url ?? url),
        pool: t.context.database.pool,
        subscription: { retryDelayMs: 20, maxRetryDelayMs: 200 },
        ...options,
      });
      opened.push(store);
      return store;
    };
    t.context.store = t.context.openStore();
  });
  test.after.always(async (t) => {
    for (const store of opened) await store.close();
    await t.context.server?.close();
    await t.context.database?.drop();
  });
}
