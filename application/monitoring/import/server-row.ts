import {
  CHECK_INTERVAL_BOUNDS,
  normalizeHost,
  normalizeServerName,
  normalizeGroupName,
} from '../../../domain/monitoring/index.ts';
import { DomainError, controlCharacterMessage, findControlCharacter } from '../../../domain/shared/index.ts';
import { type CellValue, cellText } from '../../employees/sheet/index.ts';
import { parseChecks } from './check-text.ts';
import { parseCount, parseDuration } from './duration-text.ts';
import type { RowProblem, ServerColumn, ServerSheetRow } from './server-sheet.ts';

export type ServerColumnPositions = Readonly<Partial<Record<ServerColumn, number>>>;

/** The bounds of the timing columns, as the domain's `normalizeCheckTiming` holds them. */
const TIMING_BOUNDS = {
  interval: { ...CHECK_INTERVAL_BOUNDS, field: 'intervalSeconds' },
  timeout: { min: 1, max: CHECK_INTERVAL_BOUNDS.max, field: 'timeoutSeconds' },
  retries: { min: 0, max: 10, field: 'retries' },
  resend: { min: 0, max: 7 * 24 * 3600, field: 'resendIntervalSeconds' },
} as const;

const TIMING_COLUMNS = ['interval', 'timeout', 'retries', 'resend'] as const;
const MIN_RESEND_SECONDS = 60;

/** A check stands in for one on a host the row gets wrong: its own refusal is said once, under `host`. */
const STAND_IN_HOST = 'localhost';

/** The first control character of a cell the sheet's columns read, as the row's problem (the cell not shown). */
function controlCharacterProblem(
  cells: readonly CellValue[],
  columns: ServerColumnPositions,
): RowProblem | null {
  for (const [column, position] of Object.entries(columns) as [ServerColumn, number][]) {
    const cell = cells[position];
    if (typeof cell !== 'string') continue;
    // A checks cell may list one check a line; every other cell is one line.
    const found = findControlCharacter(cell, { multiline: column === 'checks' });
    if (found) return { field: column, message: controlCharacterMessage(found) };
  }
  return null;
}

/** Runs a domain normaliser on a cell, turning its refusal into the row's problem for `field`. */
function normalized(
  problems: RowProblem[],
  field: ServerColumn,
  value: string,
  normalize: (value: string) => string,
): string | null {
  try {
    return normalize(value);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.push({ field, message: error.message.replace(/^name /, '') });
    return null;
  }
}

/**
 * Reads one row of the servers sheet: cleans each cell, checks it as the domain will and lists every
 * problem with its column. A row with a control character in any cell read is refused as a whole, with
 * the cell's column and not its text.
 */
export function parseServerRow(
  cells: readonly CellValue[],
  columns: ServerColumnPositions,
  row: number,
): ServerSheetRow {
  const text = (column: ServerColumn): string | null | undefined =>
    columns[column] === undefined ? undefined : cellText(cells[columns[column]]);
  const unreadable = controlCharacterProblem(cells, columns);
  if (unreadable) {
    const name = text('name') ?? '';
    return {
      row,
      name: findControlCharacter(name) ? '' : name,
      host: null,
      group: undefined,
      parent: undefined,
      checks: undefined,
      timing: {},
      problems: [unreadable],
    };
  }
  const problems: RowProblem[] = [];
  const rawName = text('name') ?? null;
  const name =
    rawName === null
      ? (problems.push({ field: 'name', message: 'the row names no server' }), '')
      : (normalized(problems, 'name', rawName, normalizeServerName) ?? rawName);
  const rawHost = text('host') ?? null;
  const host =
    rawHost === null
      ? (problems.push({ field: 'host', message: 'the row gives no host' }), null)
      : normalized(problems, 'host', rawHost, (value) => normalizeHost(value));
  const groupText = text('group');
  const group =
    groupText === undefined || groupText === null
      ? groupText
      : normalized(problems, 'group', groupText, normalizeGroupName);
  const parentText = text('parent');
  const parent =
    parentText === undefined || parentText === null
      ? parentText
      : normalized(problems, 'parent', parentText, normalizeServerName);

  const timing: Partial<Record<(typeof TIMING_BOUNDS)[keyof typeof TIMING_BOUNDS]['field'], number>> = {};
  for (const column of TIMING_COLUMNS) {
    const value = text(column);
    if (value === undefined || value === null) continue;
    const bounds = TIMING_BOUNDS[column];
    const seconds = column === 'retries' ? parseCount(value) : parseDuration(value);
    // A reminder more often than once a minute would flood the chat: the domain refuses it too.
    const tooFrequent =
      column === 'resend' && seconds !== null && seconds > 0 && seconds < MIN_RESEND_SECONDS;
    if (seconds === null || seconds < bounds.min || seconds > bounds.max || tooFrequent) {
      const range =
        column === 'resend'
          ? `0 (no reminders) or ${MIN_RESEND_SECONDS} to ${bounds.max} seconds`
          : `a whole number${column === 'retries' ? '' : ' of seconds'} from ${bounds.min} to ${bounds.max}`;
      problems.push({ field: column, message: `"${value}" is out of range: ${range}` });
    } else timing[bounds.field] = seconds;
  }

  let checks: ServerSheetRow['checks'];
  const checksCell = columns.checks === undefined ? undefined : cells[columns.checks];
  const checksText = typeof checksCell === 'string' ? checksCell.normalize('NFC') : cellText(checksCell);
  if (checksText !== null && checksText !== undefined && checksText.trim() !== '') {
    const parsed = parseChecks(checksText.replace(/\r\n?/g, '\n'), host ?? STAND_IN_HOST);
    if (parsed.ok) checks = parsed.checks;
    else problems.push({ field: 'checks', message: parsed.message });
  }
  return { row, name, host, group, parent, checks, timing, problems };
}

/** True when none of the known columns holds anything. */
export function isBlankServerRow(cells: readonly CellValue[], columns: ServerColumnPositions): boolean {
  return Object.values(columns).every((position) => cellText(cells[position]) === null);
}
