import {
  DEPARTMENT_EVENT_TYPES,
  EMPLOYEE_EVENT_TYPES,
  WORKSTATION_EVENT_TYPES,
  departmentDecider,
  employeeDecider,
  hostnameDecider,
  workstationDecider,
} from '../../../domain/employees/index.ts';
import type { Decider, Event } from '../../../domain/shared/index.ts';
import type { Checkpoint, EventStore, RecordedEvent } from '../../ports/index.ts';
import type { StreamWorkspace } from './stream-workspace.ts';

const HOSTNAME_EVENT_TYPES = ['HostnameClaimed', 'HostnameReleased'];
const PAGE = 5000;

/** The decider of an employees stream, by its name (`department-…`, `employee-…`, `workstation-hostname-…`). */
function deciderOf(streamId: string): Decider<never, Event, unknown> | null {
  const decider = streamId.startsWith('workstation-hostname-')
    ? hostnameDecider
    : streamId.startsWith('workstation-')
      ? workstationDecider
      : streamId.startsWith('employee-')
        ? employeeDecider
        : streamId.startsWith('department-')
          ? departmentDecider
          : null;
  return decider as Decider<never, Event, unknown> | null;
}

/**
 * Loads every stream of the employees feature (departments, employees, workstations, host name claims) into `workspace`,
 * reading the log once in pages: an import compares thousands of people at once, and one read per stream would
 * take minutes. What commits while it reads is caught at append time by the expected revisions.
 */
export interface EmployeesIds {
  readonly departmentIds: readonly string[];
  readonly employeeIds: readonly string[];
  readonly workstationIds: readonly string[];
}

export async function loadEmployeesSnapshot(
  store: EventStore,
  workspace: StreamWorkspace,
): Promise<EmployeesIds> {
  const eventTypes = [
    ...DEPARTMENT_EVENT_TYPES,
    ...EMPLOYEE_EVENT_TYPES,
    ...WORKSTATION_EVENT_TYPES,
    ...HOSTNAME_EVENT_TYPES,
  ];
  const streams = new Map<string, RecordedEvent[]>();
  let from: Checkpoint | null = null;
  for (;;) {
    const page = await store.readAll(from, { filter: { eventTypes }, maxCount: PAGE });
    for (const event of page) {
      const events = streams.get(event.streamId);
      if (events) events.push(event);
      else streams.set(event.streamId, [event]);
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    from = last.checkpoint;
  }
  const ids = { departmentIds: [] as string[], employeeIds: [] as string[], workstationIds: [] as string[] };
  for (const [streamId, events] of streams) {
    const decider = deciderOf(streamId);
    const last = events.at(-1);
    if (!decider || !last) continue;
    workspace.load(decider, streamId, events, last.revision);
    const id = streamId.slice(streamId.indexOf('-') + 1);
    if (decider === (departmentDecider as unknown)) ids.departmentIds.push(id);
    else if (decider === (employeeDecider as unknown)) ids.employeeIds.push(id);
    else if (decider === (workstationDecider as unknown)) ids.workstationIds.push(id);
  }
  return ids;
}
