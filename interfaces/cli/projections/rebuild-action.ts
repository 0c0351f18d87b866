import { RebuildInProgressError, rebuildProjection } from '../../../projections/index.ts';
import { BusyError } from '../exit-codes.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { projectorNamed } from './command-arguments.ts';
import { confirm } from '../operator.ts';
import { record } from './operator-record.ts';
import { rebuildProgressBar } from './rebuild-progress.ts';
import { withSession } from './session.ts';

/**
 * `tbot projections rebuild <name>`: once confirmed, builds the read model again beside the live one, switches
 * to it and records `ProjectionRebuilt`.
 */
export async function rebuildAction(
  name: string,
  options: { yes?: boolean; reason?: string },
): Promise<void> {
  const projector = projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  const confirmed = await confirm(
    `rebuild ${name}`,
    `Rebuild ${name} (version ${projector.version}) from the whole log beside the live read model, which keeps ` +
      `serving, then switch to it?`,
    options.yes,
  );
  if (!confirmed) throw new Error(`rebuild of ${name} not confirmed: nothing was done`);

  await withSession(env, async (session) => {
    const before = await session.projectionStore.read(name);
    if (before?.rebuildStartedAt) {
      env.logger.warn(
        { projection: name, since: before.rebuildStartedAt.toISOString() },
        'an earlier rebuild did not finish (or runs elsewhere, and then this one is refused); this one starts over',
      );
    }
    // Ctrl-C stops between batches and leaves the live read model as it was; a second Ctrl-C kills at once.
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once('SIGINT', onSigint);
    const bar = rebuildProgressBar();
    let result;
    try {
      result = await rebuildProjection({
        projector,
        eventStore: session.eventStore,
        projectionStore: session.projectionStore,
        onProgress: (progress) => bar.update(progress),
        signal: abort.signal,
      });
    } catch (error) {
      if (error instanceof RebuildInProgressError)
        throw new BusyError(`${error.message} (wait for it to finish, then run this again if still needed)`, {
          cause: error,
        });
      throw error;
    } finally {
      bar.stop();
      process.off('SIGINT', onSigint);
    }
    const seconds = result.durationMs / 1000;
    const rate = seconds > 0 ? Math.round(result.eventsApplied / seconds) : result.eventsApplied;
    const at = result.checkpoint ? `position ${result.checkpoint.position}` : 'the start of the log';
    console.log(
      `rebuilt ${name} (version ${projector.version}): ${result.eventsApplied} events in ${seconds.toFixed(1)} s ` +
        `(${rate} events/s); switched, live at ${at}`,
    );
    await record(
      session,
      { type: 'ProjectionRebuilt', data: { projection: name, eventsApplied: result.eventsApplied } },
      options.reason,
    );
  });
}
