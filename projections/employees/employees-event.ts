import type { RecordedEvent } from '../../application/ports/index.ts';
import type { DepartmentEvent, EmployeeEvent, WorkstationEvent } from '../../domain/employees/index.ts';
import { storableData } from '../storable-data.ts';

/** Every event the employees read model follows. */
export type EmployeesEvent = DepartmentEvent | EmployeeEvent | WorkstationEvent;

/** A recorded event narrowed to its type, with when it happened (the row timestamps). */
export type Recorded<E extends EmployeesEvent = EmployeesEvent> = E & { readonly at: string };

/**
 * The subscription delivers only the types the projector asks for. Its strings are made storable: no text in
 * the log, however it got there, can fail the read model's writes (`storableData`).
 */
export const asEmployeesEvent = (recorded: RecordedEvent): Recorded =>
  ({ type: recorded.type, data: storableData(recorded.data), at: recorded.metadata.occurredAt }) as Recorded;

/**
 * Consecutive events of one type, in log order. A run of registrations becomes one multi-row insert; the
 * order between runs is kept, so a department exists before the employees registered into it.
 */
export function runsOfSameType(events: readonly Recorded[]): Recorded[][] {
  const runs: Recorded[][] = [];
  for (const event of events) {
    const last = runs.at(-1);
    if (last?.[0]?.type === event.type) last.push(event);
    else runs.push([event]);
  }
  return runs;
}
