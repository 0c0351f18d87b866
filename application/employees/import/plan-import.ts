import { employeeDecider, employeeStreamId } from '../../../domain/employees/index.ts';
import { DomainError, type EventMetadata } from '../../../domain/shared/index.ts';
import type { EmployeeSheet, EmployeeSheetRow } from '../employee-sheet.ts';
import { applyImportRow } from './apply-import-row.ts';
import { changeLabels } from './change-labels.ts';
import type { EmployeesIds } from './employees-snapshot.ts';
import { type Match, indexEmployees, matchRow, newRowKey, sheetNamesakes } from './employee-matching.ts';
import { importDepartments } from './import-departments.ts';
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

/**
 * Decides what importing `sheet` changes in the employees' streams, into the workspace: departments the sheet
 * names and the streams lack, then each row matched to an employee and changed only where it differs.
 *
 * The match key (sheets carry no ids): the e-mail when the row has one that exactly one employee has; else
 * the name (case, ё/е and spacing aside) with the department and at least one phone in common (or no phones on
 * either side). A row that could be several employees, an employee two rows claim, or a new row whose name an
 * employee elsewhere already has (a namesake, or the same person moved?) is reported `ambiguous` and left for a
 * person to settle: never guessed. A row the domain refuses is an `error`; each row applies whole or not at all.
 *
 * The parts: `import-departments.ts` (join or create), `employee-matching.ts` (the key, pure),
 * `apply-import-row.ts` (one row's commands) and `change-labels.ts` (what the report says changed).
 */
export function planImport(input: ImportPlanInput): ImportPlan {
  const { sheet, workspace, newId, metadata } = input;
  const departments = importDepartments({
    workspace,
    departmentIds: input.ids.departmentIds,
    sheetDepartments: sheet.departments,
    newId,
    metadata,
  });
  const employees = indexEmployees(
    input.ids.employeeIds.map((id) => [id, workspace.state(employeeDecider, employeeStreamId(id))] as const),
  );
  const { known } = employees;
  const candidate = (id: string): ImportCandidate => {
    const state = known.get(id);
    return {
      employeeId: id,
      fullName: state?.details.fullName ?? '',
      department: departments.nameOf(state?.departmentId ?? null),
    };
  };

  // First pass: departments and matches, so that two rows claiming one employee are both held back.
  const planned: { row: EmployeeSheetRow; departmentId: string | null; match: Match }[] = [];
  const results: ImportRowResult[] = [];
  const claims = new Map<string, number>();
  const newKeys = new Map<string, number>();
  for (const row of sheet.rows) {
    try {
      const departmentId =
        row.department === null ? null : workspace.unit(() => departments.ensure(row.department ?? ''));
      const match = matchRow(employees, row, departmentId);
      if (match.kind === 'match') claims.set(match.employeeId, (claims.get(match.employeeId) ?? 0) + 1);
      if (match.kind === 'new') {
        const key = newRowKey(row, departmentId);
        newKeys.set(key, (newKeys.get(key) ?? 0) + 1);
      }
      planned.push({ row, departmentId, match });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ row: row.row, outcome: 'error', fullName: row.fullName, message: error.message });
    }
  }

  // Second pass: each row that is neither ambiguous nor claimed twice is applied, whole or not at all.
  const warnings: { row: number; message: string }[] = [];
  const context = {
    workspace,
    hasColumn: (column: string) => column in sheet.columns,
    known,
    newId,
    metadata,
    warn: (warning: { row: number; message: string }) => warnings.push(warning),
  };
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
    if (match.kind === 'new' && (newKeys.get(newRowKey(row, departmentId)) ?? 0) > 1) {
      results.push({
        ...base,
        outcome: 'ambiguous',
        message: 'Several rows describe a new person the same way',
      });
      continue;
    }
    try {
      const before = workspace.pendingCount();
      const { employeeId } = workspace.unit(() => applyImportRow(context, row, departmentId, match));
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
  const namesakes = sheetNamesakes(sheet.rows);
  return { results, missing, departmentsCreated: departments.created, namesakes, warnings };
}
