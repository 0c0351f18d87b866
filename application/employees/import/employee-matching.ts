import type { EmployeeState } from '../../../domain/employees/index.ts';
import type { EmployeeSheetRow } from '../employee-sheet.ts';
import { foldText, nationalDigits, phoneDigitsOf } from '../search/index.ts';

/** An employee a row can match: a forgotten one has no details left to match on. */
export type KnownEmployee = Extract<EmployeeState, { status: 'active' | 'dismissed' }>;

/** What one row of a sheet is, against the employees the read model has. */
export type Match =
  | { readonly kind: 'match'; readonly employeeId: string; readonly by: 'email' | 'name+department+phone' }
  | { readonly kind: 'new' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[]; readonly message: string };

/** The fields of a row the match key reads. */
export type MatchedRow = Pick<
  EmployeeSheetRow,
  'fullName' | 'email' | 'workPhone' | 'mobilePhone' | 'extension'
>;

/** The known employees, by id (in the order given), by e-mail (lower case) and by folded name. */
export interface EmployeeIndex {
  readonly known: ReadonlyMap<string, KnownEmployee>;
  readonly byEmail: ReadonlyMap<string, readonly string[]>;
  readonly byName: ReadonlyMap<string, readonly string[]>;
}

/** Indexes the employees that are not forgotten (or never were: `none`), keeping their order. */
export function indexEmployees(employees: Iterable<readonly [string, EmployeeState]>): EmployeeIndex {
  const known = new Map<string, KnownEmployee>();
  const byEmail = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const [id, state] of employees) {
    if (state.status !== 'active' && state.status !== 'dismissed') continue;
    known.set(id, state);
    if (state.details.email !== null) push(byEmail, state.details.email.toLowerCase(), id);
    push(byName, foldText(state.details.fullName ?? ''), id);
  }
  return { known, byEmail, byName };
}

/**
 * The match key (sheets carry no ids): the e-mail when the row has one that exactly one employee has; else
 * the name (case, ё/е and spacing aside) with the department and at least one phone in common (or no phones on
 * either side). A row that could be several employees, or a new row whose name an employee elsewhere already
 * has (a namesake, or the same person moved?), is `ambiguous`: never guessed.
 */
export function matchRow(index: EmployeeIndex, row: MatchedRow, departmentId: string | null): Match {
  if (row.email !== null) {
    const ids = index.byEmail.get(row.email.toLowerCase()) ?? [];
    if (ids.length === 1 && ids[0] !== undefined) return { kind: 'match', employeeId: ids[0], by: 'email' };
    if (ids.length > 1)
      return { kind: 'ambiguous', candidates: ids, message: 'Several employees have this e-mail' };
  }
  const sameName = index.byName.get(foldText(row.fullName)) ?? [];
  if (sameName.length === 0) return { kind: 'new' };
  const phones = phonesOf([row.workPhone, row.mobilePhone, row.extension]);
  const keyed = sameName.filter((id) => {
    const state = index.known.get(id);
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

/** What makes a new row a new person: two new rows with one key describe the same person twice. */
export function newRowKey(row: MatchedRow, departmentId: string | null): string {
  return (
    row.email ??
    [
      foldText(row.fullName),
      departmentId,
      ...[...phonesOf([row.workPhone, row.mobilePhone, row.extension])].sort(),
    ].join('|')
  );
}

/** Names several rows share (folded), with their row numbers, in the order the sheet first has them. */
export function sheetNamesakes(
  rows: readonly Pick<EmployeeSheetRow, 'row' | 'fullName'>[],
): { fullName: string; rows: number[] }[] {
  const rowsByName = new Map<string, Pick<EmployeeSheetRow, 'row' | 'fullName'>[]>();
  for (const row of rows) push(rowsByName, foldText(row.fullName), row);
  return [...rowsByName.values()]
    .filter((same) => same.length > 1)
    .map((same) => ({ fullName: same[0]?.fullName ?? '', rows: same.map((r) => r.row) }));
}

/** The phones of a person as national digits, so `+7 495 …` and `8 495 …` are one phone. */
function phonesOf(values: readonly (string | null)[]): Set<string> {
  const phones = new Set<string>();
  for (const value of values) {
    const digits = value === null ? null : phoneDigitsOf(value);
    if (digits) phones.add(nationalDigits(digits));
  }
  return phones;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
