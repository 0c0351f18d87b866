import { formatCheckpoint } from '../../../application/ports/index.ts';
import type { ParkedEvent } from '../../../projections/index.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { UsageError } from '../exit-codes.ts';
import { terminalText } from '../terminal-text.ts';
import { projectorNamed } from './command-arguments.ts';
import { actRecord } from './operator-record.ts';
import { type Session, withSession } from './session.ts';

/** The event `name` is parked on; a usage error ending in `outcome` if it is not parked. */
async function parkedEvent(session: Session, name: string, outcome: string): Promise<ParkedEvent> {
  const state = await session.projectionStore.read(name);
  const parked = state?.parked;
  if (state?.status !== 'parked' || !parked) {
    throw new UsageError(`${name} is not parked (${state ? state.status : 'not started'}): ${outcome}`);
  }
  return parked;
}

/** `tbot projections retry <name>`: has the owner of a parked projection try its event again; records it. */
export async function retryAction(name: string, options: { reason?: string }): Promise<void> {
  projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async (session) => {
    const parked = await parkedEvent(session, name, 'nothing to retry');
    const position = parked.checkpoint.position;
    const audit = actRecord(
      {
        type: 'ProjectionRetried',
        data: {
          projection: name,
          position: String(position),
          eventType: parked.eventType,
          error: parked.error,
        },
      },
      options.reason,
    );
    // The act and its ProjectionRetried event commit together, or neither does.
    if (!(await session.projectionStore.retry(name, audit))) {
      throw new UsageError(`${name} is no longer parked: nothing to retry`);
    }
    console.log(terminalText(`${name}: retrying event ${position} (${parked.eventType}) on its owner`));
    console.log(`recorded ProjectionRetried`);
  });
}

/**
 * `tbot projections skip <name> --position <position>`: moves a projection parked on that very event past it;
 * records it.
 */
export async function skipAction(
  name: string,
  options: { position: bigint; reason?: string },
): Promise<void> {
  projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(env, async (session) => {
    const parked = await parkedEvent(session, name, 'nothing skipped');
    if (parked.checkpoint.position !== options.position) {
      throw new UsageError(
        `${name} is parked on event ${parked.checkpoint.position} (${parked.eventType}), not ${options.position}: ` +
          'nothing skipped',
      );
    }
    const audit = actRecord(
      {
        type: 'ProjectionEventSkipped',
        data: {
          projection: name,
          position: String(parked.checkpoint.position),
          eventType: parked.eventType,
          error: parked.error,
        },
      },
      options.reason,
    );
    // The act and its ProjectionEventSkipped event commit together, or neither does.
    const skipped = await session.projectionStore.skipParkedEvent(name, options.position, audit);
    if (!skipped)
      throw new UsageError(`${name} is no longer parked on event ${options.position}: nothing skipped`);
    console.log(
      terminalText(
        `${name}: skipped event ${skipped.checkpoint.position} (${skipped.eventType}, ` +
          `${formatCheckpoint(skipped.checkpoint)}); its read model will never reflect it`,
      ),
    );
    console.log(`recorded ProjectionEventSkipped`);
  });
}
