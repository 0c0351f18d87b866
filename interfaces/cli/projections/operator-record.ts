import { operatorRecord, recordOperatorAct } from '../../../application/projections/index.ts';
import type { ActRecord } from '../../../projections/index.ts';
import { systemClock } from '../../../application/ports/index.ts';
import type { ProjectionOperatorEvent } from '../../../domain/projections/index.ts';
import { cliActor } from '../operator.ts';
import type { Session } from './session.ts';

/** Appends the operator's act to the projection's stream; the act itself is already done. */
export async function record(
  session: Session,
  event: ProjectionOperatorEvent,
  reason: string | undefined,
): Promise<void> {
  try {
    const appended = await recordOperatorAct(
      { store: session.eventStore, clock: systemClock },
      { event, actor: cliActor(), source: 'cli', ...(reason === undefined ? {} : { reason }) },
    );
    console.log(`recorded ${event.type} at position ${appended.position}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${event.data.projection}: done, but recording ${event.type} failed: ${message}`, {
      cause: error,
    });
  }
}

/** The audit record of an act the store does in one transaction with it (retry, skip, reset). */
export function actRecord(event: ProjectionOperatorEvent, reason: string | undefined): ActRecord {
  return operatorRecord(
    { clock: systemClock },
    { event, actor: cliActor(), source: 'cli', ...(reason === undefined ? {} : { reason }) },
  );
}
