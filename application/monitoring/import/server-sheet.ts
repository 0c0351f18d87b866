import type { NewCheckDefinition } from '../server-commands.ts';

/** The columns of a servers sheet TBot understands; only `name` and `host` are needed to find the header. */
export const SERVER_COLUMNS = [
  'group',
  'name',
  'host',
  'parent',
  'checks',
  'interval',
  'timeout',
  'retries',
  'resend',
] as const;

export type ServerColumn = (typeof SERVER_COLUMNS)[number];

/** Header names per column, compared case-, ё/е-, space- and trailing-dot-insensitively. */
export const SERVER_HEADER_ALIASES: Readonly<Record<ServerColumn, readonly string[]>> = {
  group: ['Группа', 'Группа серверов', 'Group', 'Server group'],
  name: ['Сервер', 'Имя', 'Название', 'Имя сервера', 'Server', 'Name', 'Server name'],
  host: ['Хост', 'Адрес', 'IP', 'IP-адрес', 'Host', 'Address', 'Hostname'],
  parent: ['Родитель', 'Зависит от', 'Родительский сервер', 'Parent', 'Depends on'],
  checks: ['Проверки', 'Проверка', 'Checks', 'Check'],
  interval: ['Интервал', 'Interval'],
  timeout: ['Таймаут', 'Тайм-аут', 'Timeout'],
  retries: ['Повторы', 'Попытки', 'Retries'],
  resend: ['Напоминания', 'Напоминать', 'Resend', 'Reminders'],
};

/** One refusal of a row, naming the column it is about (`checks`, `interval`, `parent`...). */
export interface RowProblem {
  readonly field: ServerColumn;
  readonly message: string;
}

/** What a row says of its checks' timing, in seconds; a value it leaves out is absent. */
export interface RowTiming {
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly retries?: number;
  readonly resendIntervalSeconds?: number;
}

/** A check as a row writes it: what it probes, and the row's text of it for the report (`tcp:5432`). */
export interface RowCheck {
  readonly text: string;
  readonly definition: NewCheckDefinition;
}

/**
 * One row of the servers sheet, read and checked cell by cell. `problems` lists every refusal; a row with
 * problems is not imported. A column the sheet lacks is `undefined` (left as it is on an existing server);
 * an empty cell of a column the sheet has is `null` (no group, no parent).
 */
export interface ServerSheetRow {
  /** 1-based row number in the sheet, as a spreadsheet shows it. */
  readonly row: number;
  readonly name: string;
  readonly host: string | null;
  readonly group: string | null | undefined;
  readonly parent: string | null | undefined;
  /** `undefined`: no checks column, or an empty cell (an existing server keeps its checks). */
  readonly checks: readonly RowCheck[] | undefined;
  readonly timing: RowTiming;
  readonly problems: readonly RowProblem[];
}

export type SkippedServerRowReason = 'blank' | 'title';

export interface SkippedServerRow {
  readonly row: number;
  readonly reason: SkippedServerRowReason;
}

/** A servers sheet as read: its header and its rows, each cleaned and checked. */
export interface ServerSheet {
  readonly sheetName: string;
  readonly headerRow: number;
  /** The columns found, by their 0-based position. */
  readonly columns: Readonly<Partial<Record<ServerColumn, number>>>;
  readonly rows: readonly ServerSheetRow[];
  readonly skipped: readonly SkippedServerRow[];
}
