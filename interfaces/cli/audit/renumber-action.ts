import { recordLogAct } from '../../../application/event-log/index.ts';
import { systemClock } from '../../../application/ports/index.ts';
import { migrateToLatest } from '../../../infrastructure/postgres/index.ts';
import { projectors } from '../../../projections/index.ts';
import { openDatabaseRuntime } from '../../runtime/database-runtime.ts';
import { openProtectedEventStore, resolveMasterKey } from '../../runtime/event-store-runtime.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { cliActor, confirm } from '../operator.ts';
import { assertNoLiveNode, renumberAndReset } from './renumber-log.ts';

export interface RenumberOptions {
  readonly yes?: boolean;
  readonly force?: boolean;
  readonly reason?: string;
}

/**
 * `tbot events renumber`: once confirmed, rewrites the log's transaction ids below this cluster's, keeping its
 * order, resets every read model and records `EventLogRenumbered`.
 */
export async function renumberAction(options: RenumberOptions): Promise<void> {
  const env = await cliEnvironment({ logTo: 'stderr' });
  const { config, logger } = env;
  // Before the log is touched: a bad key would refuse the record of the renumbering only after it.
  const masterKey = resolveMasterKey(config, logger);
  const database = await openDatabaseRuntime(config, logger, { purpose: 'command' });
  try {
    await migrateToLatest(database.db);
    await assertNoLiveNode(database.pool, options.force);
    const { rows } = await database.pool.query<{ events: string }>(
      'select count(*)::text as events from es.events',
    );
    const events = rows[0]?.events ?? '0';
    const names = projectors.map((projector) => projector.name).join(', ');
    const confirmed = await confirm(
      'renumber',
      `Renumber the event log (${events} events): every transaction id is set below this cluster's and every ` +
        `position renumbered in the log's order; then every read model (${names}) is emptied and rebuilt from ` +
        `the log by its owner (queries see them incomplete meanwhile). Go on?`,
      options.yes,
    );
    if (!confirmed) throw new Error('renumber not confirmed: nothing was done');
    console.log(
      `renumbering ${events} events; every read model (${names}) will then be rebuilt from the start`,
    );
    const result = await renumberAndReset(database, logger);
    console.log(
      `renumbered ${result.events} events from ${result.transactions} transactions ` +
        `(largest id before: ${result.largestBefore ?? 'none'}); ${result.moved} changed position`,
    );
    console.log(
      result.reset.length > 0
        ? `reset ${result.reset.join(', ')}: the node that owns each rebuilds it from the start`
        : 'no read model had started: nothing to reset',
    );
    const { eventStore, close } = await openProtectedEventStore(config, logger, database, masterKey);
    try {
      const appended = await recordLogAct(
        { store: eventStore, clock: systemClock },
        {
          event: {
            type: 'EventLogRenumbered',
            data: {
              events: result.events,
              transactions: result.transactions,
              largestTransactionIdBefore: result.largestBefore,
              moved: result.moved,
              projectionsReset: result.reset,
            },
          },
          actor: cliActor(),
          source: 'cli',
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        },
      );
      console.log(`recorded EventLogRenumbered at position ${appended.position}`);
    } finally {
      await close();
    }
  } finally {
    await database.close();
    if (!database.pool.ending) await database.pool.end();
  }
}
