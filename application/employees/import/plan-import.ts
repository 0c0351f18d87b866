import {
  type DepartmentState,
  type EmployeeDetailsPatch,
  type EmployeeField,
  type EmployeeState,
  MAX_DEPARTMENT_DEPTH,
  type ParentRef,
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
import { DomainError, type Event, type EventMetadata } from '../../../domain/shared/index.ts';
import type { EmployeeSheet, EmployeeSheetRow } from '../employee-sheet.ts';
import { foldText, nationalDigits, phoneDigitsOf } from '../search/index.ts';
import type { EmployeesIds } from './employees-snapshot.ts';
import type { ImportCandidate, ImportRowResult } from './import-report.ts';
import type { StreamWorkspace } from './stream-workspace.ts';

export interface ImportPlanInput {
  readonly sheet: EmployeeSheet;
  /** The employees' streams as loaded (`loadEmployeesSnapshot`); the plan's events are decided into it. */
  readonly workspace: StreamWorkspace;
  readonly ids: EmployeesIds;
  readonly newId: () => string;
  readonly metadata: EventMetadata;
}

export interface ImportPlan {
  readonly results: readonly ImportRowResult[];
  /** Names several rows of the sheet share: imported as different people when their keys differ; worth a look. */
  readonly namesakes: readonly { readonly fullName: string; readonly rows: readonly number[] }[];
  /** What a row had that the employees feature could not take, the row imported all the same. */
  readonly warnings: readonly { readonly row: number; readonly message: string }[];
  readonly missing: readonly ImportCandidate[];
  readonly departmentsCreated: readonly string[];
}

type Known = Extract<EmployeeState, { status: 'active' | 'dismissed' }>;
type Match =
  | { readonly kind: 'match'; readonly employeeId: string; readonly by: 'email' | 'name+department+phone' }
  | { readonly kind: 'new' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[]; readonly message: string };

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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function phonesOf(values: readonly (string | null)[]): Set<string> {
  const phones = new Set<string>();
  for (const value of values) {
    const digits = value === null ? null : phoneDigitsOf(value);
    if (digits) phones.add(nationalDigits(digits));
  }
  return phones;
}

const changeLabels = (events: readonly Event[]): string[] =>
  events.flatMap((event) => {
    switch (event.type) {
      case 'EmployeeDetailsChanged':
        return (event.data as { changes: { field: string }[] }).changes.map((c) => c.field);
      case 'EmployeeMoved':
        return ['department'];
      case 'EmployeeDismissed':
        return ['dismissed'];
      case 'EmployeeRestored':
        return ['restored'];
      case 'EmployeeRegistered':
      case 'HostnameClaimed':
      case 'HostnameReleased':
        return [];
      default:
        return event.type.startsWith('Workstation') ? ['workstation'] : [];
    }
  });

/**
 * Decides what importing `sheet` changes in the employees' streams, into the workspace: departments the sheet
 * names and the streams lack, then each row matched to an employee and changed only where it differs.
 *
 * The match key (sheets carry no ids): the e-mail when the row has one that exactly one employee has; else
 * the name (case, ё/е and spacing aside) with the department and at least one phone in common (or no phones on
 * either side). A row that could be several employees, an employee two rows claim, or a new row whose name an
 * employee elsewhere already has (a namesake, or the same person moved?) is reported `ambiguous` and left for a
 * person to settle: never guessed. A row the domain refuses is an `error`; each row applies whole or not at all.
 */
export function planImport(input: ImportPlanInput): ImportPlan {
  const { sheet, workspace, newId, metadata } = input;
  const hasColumn = (column: string) => column in sheet.columns;

  const department = (id: string) => workspace.state(departmentDecider, departmentStreamId(id));
  const employee = (id: string) => workspace.state(employeeDecider, employeeStreamId(id));

  // Departments by folded name: open ones are joined; a name only a closed department has is an error.
  const openDepartments = new Map<string, string>();
  const closedDepartments = new Set<string>();
  for (const id of input.ids.departmentIds) {
    const state = department(id);
    if (state.status === 'open') openDepartments.set(foldText(state.name), id);
    else if (state.status === 'closed') closedDepartments.add(foldText(state.name));
  }
  const departmentName = (id: string | null) => {
    const state = id === null ? null : department(id);
    return state && state.status !== 'none' ? state.name : null;
  };

  function ancestorsOf(id: string): string[] {
    const ancestors: string[] = [];
    let next: string | null = (department(id) as Extract<DepartmentState, { parentId: unknown }>).parentId;
    while (next !== null && ancestors.length < MAX_DEPARTMENT_DEPTH) {
      ancestors.push(next);
      const state = department(next);
      next = state.status === 'none' ? null : state.parentId;
    }
    return ancestors;
  }

  const departmentsCreated: string[] = [];
  const sheetParents = new Map(sheet.departments.map((d) => [foldText(d.name), d.parent]));
  /** The open department named `name`, created (with its parent from the departments sheet) when missing. */
  function ensureDepartment(name: string, depth = 0): string {
    const key = foldText(name);
    const existing = openDepartments.get(key);
    if (existing) return existing;
    if (closedDepartments.has(key)) {
      throw new DomainError('DEPARTMENT.CLOSED', `The department "${name}" is closed`, { name });
    }
    const parentName = sheetParents.get(key) ?? null;
    const parentId =
      parentName !== null && depth < MAX_DEPARTMENT_DEPTH && foldText(parentName) !== key
        ? ensureDepartment(parentName, depth + 1)
        : null;
    const parent: ParentRef | null =
      parentId === null
        ? null
        : { departmentId: parentId, status: 'open', ancestorIds: ancestorsOf(parentId) };
    const departmentId = newId();
    workspace.decide(departmentDecider, departmentStreamId(departmentId), {
      type: 'CreateDepartment',
      data: { departmentId, name, parent },
      metadata,
    });
    openDepartments.set(key, departmentId);
    departmentsCreated.push(name);
    return departmentId;
  }

  // Employees (not forgotten) by e-mail and by folded name.
  const known = new Map<string, Known>();
  const byEmail = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const id of input.ids.employeeIds) {
    const state = employee(id);
    if (state.status !== 'active' && state.status !== 'dismissed') continue;
    known.set(id, state);
    if (state.details.email !== null) push(byEmail, state.details.email.toLowerCase(), id);
    push(byName, foldText(state.details.fullName ?? ''), id);
  }
  const candidate = (id: string): ImportCandidate => {
    const state = known.get(id);
    return {
      employeeId: id,
      fullName: state?.details.fullName ?? '',
      department: departmentName(state?.departmentId ?? null),
    };
  };

  function matchRow(row: EmployeeSheetRow, departmentId: string | null): Match {
    if (row.email !== null) {
      const ids = byEmail.get(row.email.toLowerCase()) ?? [];
      if (ids.length === 1 && ids[0] !== undefined) return { kind: 'match', employeeId: ids[0], by: 'email' };
      if (ids.length > 1)
        return { kind: 'ambiguous', candidates: ids, message: 'Several employees have this e-mail' };
    }
    const sameName = byName.get(foldText(row.fullName)) ?? [];
    if (sameName.length === 0) return { kind: 'new' };
    const phones = phonesOf([row.workPhone, row.mobilePhone, row.extension]);
    const keyed = sameName.filter((id) => {
      const state = known.get(id);
      if (!state || state.departmentId !== departmentId) return false;
      const theirs = phonesOf([state.details.workPhone, state.details.mobilePhone, state.details.extension]);
      if (phones.size === 0 && theirs.size === 0) return true;
      return [...phones].some((p) => theirs.has(p));
    });
    if (keyed.length === 1 && keyed[0] !== undefined) {
      return { kind: 'match', employeeId: keyed[0], by: 'name+department+phone' };
    }
    return keyed.length > 1
      ? {
          kind: 'ambiguous',
          candidates: keyed,
          message: 'Several employees share this name, department and phone',
        }
      : {
          kind: 'ambiguous',
          candidates: sameName,
          message:
            'An employee with this name exists with another department or phones: a namesake, or the same ' +
            'person? Add the e-mail to the row, or settle it in the directory',
        };
  }

  // First pass: departments and matches, so that two rows claiming one employee are both held back.
  const planned: { row: EmployeeSheetRow; departmentId: string | null; match: Match }[] = [];
  const results: ImportRowResult[] = [];
  const claims = new Map<string, number>();
  const newKeys = new Map<string, number>();
  const newKey = (row: EmployeeSheetRow, departmentId: string | null) =>
    row.email ??
    [
      foldText(row.fullName),
      departmentId,
      ...[...phonesOf([row.workPhone, row.mobilePhone, row.extension])].sort(),
    ].join('|');
  for (const row of sheet.rows) {
    try {
      const departmentId =
        row.department === null ? null : workspace.unit(() => ensureDepartment(row.department ?? ''));
      const match = matchRow(row, departmentId);
      if (match.kind === 'match') claims.set(match.employeeId, (claims.get(match.employeeId) ?? 0) + 1);
      if (match.kind === 'new') {
        const key = newKey(row, departmentId);
        newKeys.set(key, (newKeys.get(key) ?? 0) + 1);
      }
      planned.push({ row, departmentId, match });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ row: row.row, outcome: 'error', fullName: row.fullName, message: error.message });
    }
  }

  const warnings: { row: number; message: string }[] = [];
  function workstationFor(row: EmployeeSheetRow, employeeId: string): void {
    if (hasColumn('ip') && row.ip !== null && row.workstation === null) {
      warnings.push({ row: row.row, message: `IP ${row.ip} without a workstation host name: not recorded` });
    }
    if (!hasColumn('workstation') || row.workstation === null) return;
    const hostname = normalizeHostname(row.workstation);
    const owner = { employeeId, status: employee(employeeId).status };
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

  const detailsOf = (row: EmployeeSheetRow): EmployeeDetailsPatch =>
    Object.fromEntries(DETAIL_FIELDS.filter(hasColumn).map((field) => [field, row[field]]));

  function applyRow(
    row: EmployeeSheetRow,
    departmentId: string | null,
    match: Match & { kind: 'match' | 'new' },
  ) {
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
          details: { ...detailsOf(row), fullName: row.fullName },
        },
        metadata,
      });
    } else {
      employeeId = match.employeeId;
      const current = known.get(employeeId);
      if (current?.status === 'dismissed') {
        if (row.dismissed) return { employeeId, events };
        const status = current.departmentId === null ? null : department(current.departmentId).status;
        decide({ type: 'RestoreEmployee', data: { employeeId, departmentStatus: status }, metadata });
      }
      decide({ type: 'ChangeEmployeeDetails', data: { employeeId, changes: detailsOf(row) }, metadata });
      if (hasColumn('department')) {
        decide({ type: 'MoveEmployee', data: { employeeId, department: departmentRef }, metadata });
      }
    }
    const before = events.length;
    workstationFor(row, employeeId);
    if (row.dismissed && employee(employeeId).status === 'active') {
      decide({ type: 'DismissEmployee', data: { employeeId }, metadata });
    }
    return { employeeId, events, workstationChanged: before !== events.length };
  }

  for (const { row, departmentId, match } of planned) {
    const base = { row: row.row, fullName: row.fullName };
    if (match.kind === 'ambiguous') {
      results.push({
        ...base,
        outcome: 'ambiguous',
        message: match.message,
        candidates: match.candidates.map(candidate),
      });
      continue;
    }
    if (match.kind === 'match' && (claims.get(match.employeeId) ?? 0) > 1) {
      results.push({
        ...base,
        outcome: 'ambiguous',
        message: 'Several rows match this employee',
        candidates: [candidate(match.employeeId)],
      });
      continue;
    }
    if (match.kind === 'new' && (newKeys.get(newKey(row, departmentId)) ?? 0) > 1) {
      results.push({
        ...base,
        outcome: 'ambiguous',
        message: 'Several rows describe a new person the same way',
      });
      continue;
    }
    try {
      const before = workspace.pendingCount();
      const { employeeId } = workspace.unit(() => applyRow(row, departmentId, match));
      const changes = changeLabels(workspace.pendingSince(before));
      const outcome = match.kind === 'new' ? 'new' : changes.length > 0 ? 'changed' : 'unchanged';
      results.push({
        ...base,
        outcome,
        employeeId,
        ...(match.kind === 'match' ? { matchedBy: match.by } : {}),
        ...(outcome === 'unchanged' ? {} : { changes: [...new Set(changes)] }),
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ ...base, outcome: 'error', message: error.message });
    }
  }

  const matched = new Set(planned.flatMap((p) => (p.match.kind === 'match' ? [p.match.employeeId] : [])));
  const missing = [...known]
    .filter(([id, state]) => state.status === 'active' && !matched.has(id))
    .map(([id]) => candidate(id));
  results.sort((a, b) => a.row - b.row);
  const rowsByName = new Map<string, EmployeeSheetRow[]>();
  for (const row of sheet.rows) push(rowsByName, foldText(row.fullName), row);
  const namesakes = [...rowsByName.values()]
    .filter((rows) => rows.length > 1)
    .map((rows) => ({ fullName: rows[0]?.fullName ?? '', rows: rows.map((r) => r.row) }));
  return { results, missing, departmentsCreated, namesakes, warnings };
}
