import { DomainError } from '../../../domain/shared/index.ts';
import {
  DEFAULT_HEADER_ALIASES,
  EMPLOYEE_COLUMNS,
  type EmployeeColumn,
  type HeaderAliases,
} from '../employee-sheet.ts';

/** The setting that adds header names to the import's defaults. */
export const IMPORT_HEADERS_SETTING = 'directory.importHeaders';

const isColumn = (name: string): name is EmployeeColumn =>
  (EMPLOYEE_COLUMNS as readonly string[]).includes(name);

/**
 * Extra header names, as an admin writes them in the setting: `fullName=Сотрудник|Работник; room=Комн.` (a column,
 * then its names). They add to the built-in Russian and English names; an empty setting adds none.
 * @throws {DomainError} `IMPORT.HEADERS_SETTING_INVALID` naming what is wrong.
 */
export function parseHeaderAliases(setting: string): Partial<HeaderAliases> {
  const extras = new Map<EmployeeColumn, string[]>();
  for (const part of setting
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [column = '', names = ''] = part.split('=', 2).map((s) => s.trim());
    if (!isColumn(column)) {
      throw new DomainError(
        'IMPORT.HEADERS_SETTING_INVALID',
        `${IMPORT_HEADERS_SETTING}: "${column}" is not a column (${EMPLOYEE_COLUMNS.join(', ')})`,
      );
    }
    const extra = names
      .split('|')
      .map((n) => n.trim())
      .filter(Boolean);
    if (extra.length === 0) {
      throw new DomainError(
        'IMPORT.HEADERS_SETTING_INVALID',
        `${IMPORT_HEADERS_SETTING}: no names for ${column}`,
      );
    }
    extras.set(column, [...(extras.get(column) ?? []), ...extra]);
  }
  return Object.fromEntries(
    [...extras].map(([column, names]) => [column, [...DEFAULT_HEADER_ALIASES[column], ...names]]),
  );
}
