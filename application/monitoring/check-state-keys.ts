import type { CheckState } from '../../domain/monitoring/index.ts';

/**
 * The idempotency key of the state change a probe result of (`checkId`, `slot`) appends. It is derived from
 * the state the caller read, so it deduplicates only nodes that decide the same slot on the same state (a
 * replayed command, two nodes racing on one read). It does not fence a stale holder that reads after the live
 * holder appended: that holder reads another state and derives another key. The decider is the fence: a
 * result not later than the last change, or for a slot already decided UP or DOWN, changes nothing. A retry
 * within the slot while PENDING is another decision (the n-th failure), so the key names it too.
 */
export function checkResultIdempotencyKey(checkId: string, slot: number, state: CheckState): string {
  const base = `monitoring:check:${checkId}:${slot}`;
  return state.status === 'pending' ? `${base}:retry-${state.failures}` : base;
}

/**
 * The idempotency key of a maintenance window's start or end on one check, for one occurrence of the window
 * (a recurring window starts and ends many times).
 */
export const maintenanceIdempotencyKey = (
  checkId: string,
  windowId: string,
  occurrenceStart: Date,
  edge: 'start' | 'end',
): string => `monitoring:check:${checkId}:maintenance:${windowId}:${occurrenceStart.toISOString()}:${edge}`;
