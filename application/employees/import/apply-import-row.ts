import {
  type EmployeeDetailsPatch,
  type EmployeeField,
  departmentDecider,
  departmentStreamId,
  employeeDecider,
  employeeStreamId,
  hostnameDecider,
  hostnameStreamId,
  normalizeHostname,
  workstationDecider,
  workstationStreamId,
} from '../../../domain/employees/index.ts';
import type { Event, EventMetadata } from '../../../domain/shared/index.ts';
import type { EmployeeSheetRow } from '../employee-sheet.ts';
import type { KnownEmployee, Match } from './employee-matching.ts';
import type { StreamWorkspace } from './stream-workspace.ts';

/** What applying rows needs: the workspace to decide into, and what the sheet and the employees read model hold. */
export interface ApplyRowContext {
  readonly workspace: StreamWorkspace;
  /** True for a column the sheet has: a column it lacks is left as it is, never cleared. */
  readonly hasColumn: (column: string) => boolean;
  readonly known: ReadonlyMap<string, KnownEmployee>;
  readonly newId: () => string;
  readonly metadata: EventMetadata;
  /** Where a row's warnings go (an IP without a host name): the row is applied all the same. */
  readonly warn: (warning: { row: number; message: string }) => void;
}

const DETAIL_FIELDS: readonly EmployeeField[] = [
  'fullName',
  'position',
  'workPhone',
  'mobilePhone',
  'extension',
  'email',
  'room',
  'notes',
];

/**
 * Decides one row into the workspace: registers a new employee, or changes a matched one where the row
 * differs (restored, moved, dismissed), then its workstation. Returns the employee and its own events.
 * @throws {DomainError} when the domain refuses the row; the caller runs it as one unit, whole or not at all.
 */
export function applyImportRow(
  context: ApplyRowContext,
  row: EmployeeSheetRow,
  departmentId: string | null,
  match: Match & { kind: 'match' | 'new' },
): { employeeId: string; events: Event[] } {
  const { workspace, newId, metadata } = context;
  const events: Event[] = [];
  const decide = (command: Parameters<typeof employeeDecider.decide>[0]) =>
    events.push(...workspace.decide(employeeDecider, employeeStreamId(command.data.employeeId), command));
  const departmentRef = departmentId === null ? null : { departmentId, status: 'open' as const };
  let employeeId: string;
  if (match.kind === 'new') {
    employeeId = newId();
    decide({
      type: 'RegisterEmployee',
      data: {
        employeeId,
        department: departmentRef,
        details: { ...detailsOf(context, row), fullName: row.fullName },
      },
      metadata,
    });
  } else {
    employeeId = match.employeeId;
    const current = context.known.get(employeeId);
    if (current?.status === 'dismissed') {
      if (row.dismissed) return { employeeId, events };
      const status =
        current.departmentId === null
          ? null
          : workspace.state(departmentDecider, departmentStreamId(current.departmentId)).status;
      decide({ type: 'RestoreEmployee', data: { employeeId, departmentStatus: status }, metadata });
    }
    decide({
      type: 'ChangeEmployeeDetails',
      data: { employeeId, changes: detailsOf(context, row) },
      metadata,
    });
    if (context.hasColumn('department')) {
      decide({ type: 'MoveEmployee', data: { employeeId, department: departmentRef }, metadata });
    }
  }
  applyWorkstation(context, row, employeeId);
  if (row.dismissed && workspace.state(employeeDecider, employeeStreamId(employeeId)).status === 'active') {
    decide({ type: 'DismissEmployee', data: { employeeId }, metadata });
  }
  return { employeeId, events };
}

const detailsOf = (context: ApplyRowContext, row: EmployeeSheetRow): EmployeeDetailsPatch =>
  Object.fromEntries(DETAIL_FIELDS.filter(context.hasColumn).map((field) => [field, row[field]]));

/** The row's workstation: an existing host name is assigned to the employee (its IP set), a new one registered. */
function applyWorkstation(context: ApplyRowContext, row: EmployeeSheetRow, employeeId: string): void {
  const { workspace, hasColumn, newId, metadata } = context;
  if (hasColumn('ip') && row.ip !== null && row.workstation === null) {
    context.warn({ row: row.row, message: `IP ${row.ip} without a workstation host name: not recorded` });
  }
  if (!hasColumn('workstation') || row.workstation === null) return;
  const hostname = normalizeHostname(row.workstation);
  const owner = {
    employeeId,
    status: workspace.state(employeeDecider, employeeStreamId(employeeId)).status,
  };
  const claim = workspace.state(hostnameDecider, hostnameStreamId(hostname));
  if (claim.status === 'claimed') {
    const stream = workstationStreamId(claim.workstationId);
    workspace.decide(workstationDecider, stream, {
      type: 'AssignWorkstation',
      data: { workstationId: claim.workstationId, employee: owner },
      metadata,
    });
    if (hasColumn('ip') && row.ip !== null) {
      workspace.decide(workstationDecider, stream, {
        type: 'ChangeWorkstationDetails',
        data: { workstationId: claim.workstationId, changes: { ip: row.ip } },
        metadata,
      });
    }
    return;
  }
  const workstationId = newId();
  workspace.decide(hostnameDecider, hostnameStreamId(hostname), {
    type: 'ClaimHostname',
    data: { hostname, workstationId },
    metadata,
  });
  workspace.decide(workstationDecider, workstationStreamId(workstationId), {
    type: 'RegisterWorkstation',
    data: { workstationId, details: { hostname, ip: hasColumn('ip') ? row.ip : null }, employee: owner },
    metadata,
  });
}
