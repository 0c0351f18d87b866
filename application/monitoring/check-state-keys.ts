import type { CheckState } from '../../domain/monitoring/index.ts';

/**
 * The idempotency key of the state change a probe result of (`checkId`, `slot`) appends. Every node that
 * decides the same slot on the same state derives the same key, so the event store keeps one append: a
 * stale holder of the check's partition, waking after another node took over, appends nothing. A retry
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
