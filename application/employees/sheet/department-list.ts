import { findControlCharacter } from '../../../domain/shared/index.ts';
import type { SheetDepartment } from '../employee-sheet.ts';
import { cellText, headerKey } from './cell-text.ts';
import { HEADER_SCAN_ROWS } from './header-detection.ts';
import type { SheetGrid } from './sheet-grid.ts';

/** Names of the sheet that lists departments. */
export const DEPARTMENT_SHEET_NAMES: readonly string[] = ['Отделы', 'Подразделения', 'Departments'];
const NAME_HEADERS = ['отдел', 'подразделение', 'название', 'наименование', 'department', 'name'];
const PARENT_HEADERS = ['родительский отдел', 'вышестоящий отдел', 'входит в', 'parent', 'parent department'];

/** Whether a sheet is the departments sheet, by its name. */
export function isDepartmentSheet(name: string): boolean {
  return DEPARTMENT_SHEET_NAMES.some((candidate) => headerKey(candidate) === headerKey(name));
}

/** The departments a departments sheet lists, in order, once each; empty when it has no recognisable header. */
export function readDepartmentList(grid: SheetGrid): SheetDepartment[] {
  const headerIndex = grid.rows
    .slice(0, HEADER_SCAN_ROWS)
    .findIndex((row) => row.some((cell) => NAME_HEADERS.includes(headerKey(cellText(cell) ?? ''))));
  if (headerIndex < 0) return [];
  const header = (grid.rows[headerIndex] ?? []).map((cell) => headerKey(cellText(cell) ?? ''));
  const nameAt = header.findIndex((text) => NAME_HEADERS.includes(text));
  const parentAt = header.findIndex((text) => PARENT_HEADERS.includes(text));
  const departments = new DepartmentSet();
  // A name with a control character is no department's: the domain would refuse it (and any row naming it).
  const plain = (text: string | null) => (text === null || findControlCharacter(text) ? null : text);
  for (const row of grid.rows.slice(headerIndex + 1)) {
    const name = plain(cellText(row[nameAt]));
    if (name !== null) departments.add(name, parentAt < 0 ? null : plain(cellText(row[parentAt])));
  }
  return departments.list();
}

/** Departments keyed by folded name, so `ИТ-отдел` and `ит-отдел ` are one department spelled the first way. */
export class DepartmentSet {
  readonly #byKey = new Map<string, SheetDepartment>();

  constructor(initial: readonly SheetDepartment[] = []) {
    for (const department of initial) this.add(department.name, department.parent);
  }

  /** Adds the department unless known; returns the spelling in use. */
  add(name: string, parent: string | null = null): string {
    const key = headerKey(name);
    const known = this.#byKey.get(key);
    if (known !== undefined) return known.name;
    this.#byKey.set(key, { name, parent });
    return name;
  }

  list(): SheetDepartment[] {
    return [...this.#byKey.values()];
  }
}
