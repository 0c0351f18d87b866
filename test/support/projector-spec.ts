import type { ExecutionContext, ThrowsExpectation } from 'ava';
import type { RecordedEvent } from '../../application/ports/index.ts';
import { type ProjectionTransaction, type Projector, liveTables } from '../../projections/index.ts';
import type { TestDatabase } from './test-database.ts';

/**
 * Runs `work` in a transaction that always rolls back, so tests sharing a database never see each other's
 * tables or rows, and every test starts from empty tables.
 */
export async function rolledBack<T>(
  database: TestDatabase,
  work: (trx: ProjectionTransaction) => Promise<T>,
): Promise<T> {
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    return await work(client);
  } finally {
    const broken = await client.query('rollback').then(
      () => false,
      () => true,
    );
    client.release(broken);
  }
}

export interface ProjectorThen {
  /** The rows `sql` returns after the events are applied. */
  thenRows(sql: string, expected: readonly object[]): Promise<void>;
  /** How many statements applying the last batch took (batching is a property worth a test). */
  thenStatements(expected: number): Promise<void>;
  /** Applying the events fails so. */
  thenThrows(expectation: ThrowsExpectation<Error>): Promise<void>;
}

export interface ProjectorGiven extends ProjectorThen {
  /** A further batch, applied after the history as the next transaction of the runner would. */
  when(batch: readonly RecordedEvent[]): ProjectorThen;
}

/**
 * Given/when/then for projectors against real PostgreSQL:
 * `projectorSpec(auditProjector, database)(t).given(history).when(batch).thenRows(sql, rows)`.
 * Each `then` creates the projector's live tables, applies each batch through the `Projector` contract
 * (only the event types it reads, as the runner's subscription would) and checks, in one transaction that
 * is rolled back: tests of one file may run concurrently in one database.
 */
export function projectorSpec(projector: Projector, database: TestDatabase) {
  const tables = liveTables(projector);
  const reads = (event: RecordedEvent) =>
    projector.eventTypes.length === 0 || projector.eventTypes.includes(event.type);

  /** Applies every batch; returns the statements the last one took. */
  const applyAll = async (trx: ProjectionTransaction, batches: readonly (readonly RecordedEvent[])[]) => {
    await projector.createTables(trx, tables);
    await projector.createIndexes?.(trx, tables);
    let statements = 0;
    const counting: ProjectionTransaction = {
      query<R extends object>(sql: string, params?: readonly unknown[]) {
        statements += 1;
        return trx.query<R>(sql, params);
      },
    };
    for (const batch of batches) {
      statements = 0;
      const read = batch.filter(reads);
      // The runner never applies an empty batch.
      if (read.length > 0) await projector.apply(read, counting, tables);
    }
    return statements;
  };

  return (t: ExecutionContext) => {
    const then = (batches: readonly (readonly RecordedEvent[])[]): ProjectorThen => ({
      thenRows: (sql, expected) =>
        rolledBack(database, async (trx) => {
          await applyAll(trx, batches);
          const { rows } = await trx.query(sql);
          t.deepEqual(rows, expected);
        }),
      thenStatements: (expected) =>
        rolledBack(database, async (trx) => {
          t.is(await applyAll(trx, batches), expected, 'statements to apply the last batch');
        }),
      thenThrows: async (expectation) => {
        await t.throwsAsync(
          rolledBack(database, (trx) => applyAll(trx, batches)),
          expectation,
        );
      },
    });
    return {
      given: (history: readonly RecordedEvent[]): ProjectorGiven => ({
        ...then([history]),
        when: (batch) => then([history, batch]),
      }),
    };
  };
}
