/**
 * The employee workbook as the application sees it: the port that reads and writes it and the shapes it yields.
 * An import validates into a report (rows, issues, skipped rows); only a file that cannot be read at all throws
 * (a `SheetImportError` with an `IMPORT.*` code).
 */

/** The columns of the employee sheet TBot understands. */
export const EMPLOYEE_COLUMNS = [
  'fullName',
  'position',
  'department',
  'workPhone',
  'mobilePhone',
  'extension',
  'email',
  'room',
  'workstation',
  'ip',
  'notes',
] as const;

export type EmployeeColumn = (typeof EMPLOYEE_COLUMNS)[number];

/** Header names per column, compared case-, ё/е-, space- and trailing-dot-insensitively. The first is written. */
export type HeaderAliases = Readonly<Record<EmployeeColumn, readonly string[]>>;

/** Header names of the sheets as they are really kept (Russian first: the writer uses the first name). */
export const DEFAULT_HEADER_ALIASES: HeaderAliases = {
  fullName: ['ФИО', 'Ф.И.О.', 'Сотрудник', 'Фамилия Имя Отчество', 'Full name', 'Name', 'Employee'],
  position: ['Должность', 'Position', 'Title', 'Job title'],
  department: ['Отдел', 'Подразделение', 'Department'],
  workPhone: ['Рабочий телефон', 'Телефон', 'Телефон (гор.)', 'Городской', 'Work phone', 'Phone'],
  mobilePhone: ['Мобильный', 'Мобильный телефон', 'Моб.', 'Сотовый', 'Mobile', 'Mobile phone'],
  extension: ['Телефон (вн.)', 'Внутренний', 'Вн. телефон', 'Доб.', 'Extension', 'Ext'],
  email: ['E-mail', 'Email', 'Эл. почта', 'Электронная почта', 'Почта', 'Mail'],
  room: ['Каб.', 'Кабинет', 'Комната', 'Room', 'Office'],
  workstation: ['Рабочая станция', 'Компьютер', 'ПК', 'Имя ПК', 'Workstation', 'Hostname', 'Computer'],
  ip: ['IP', 'IP-адрес', 'IP адрес', 'IP address'],
  notes: ['Примечание', 'Примечания', 'Комментарий', 'Notes', 'Note', 'Comment'],
};

/** One employee row, cleaned: text trimmed with inner whitespace collapsed, empty cells `null`. */
export interface EmployeeSheetRow {
  /** 1-based row number in the sheet, as Excel shows it. */
  readonly row: number;
  /** As written (ё stays ё, е stays е), whitespace collapsed. */
  readonly fullName: string;
  readonly position: string | null;
  /** Department name, spelled as the departments sheet spells it when it lists the department. */
  readonly department: string | null;
  /** `+7 (495) 123-45-67` for Russian numbers, `+<digits>` for other international ones, digits otherwise. */
  readonly workPhone: string | null;
  readonly mobilePhone: string | null;
  /** Digits only (`доб. 1234` → `1234`). */
  readonly extension: string | null;
  /** Lower case. */
  readonly email: string | null;
  readonly room: string | null;
  /** Host name, lower case. */
  readonly workstation: string | null;
  readonly ip: string | null;
  readonly notes: string | null;
  /** The notes say the person left (`уволен`, `уволена`, `dismissed`). */
  readonly dismissed: boolean;
}

/** The content of an employee row, without its position in a sheet: what the writer takes. */
export type EmployeeSheetRecord = Omit<EmployeeSheetRow, 'row'>;

export interface SheetDepartment {
  readonly name: string;
  /** The parent department's name when the departments sheet has a parent column, else `null`. */
  readonly parent: string | null;
}

export type SheetRowIssueCode =
  | 'ROW.MISSING_NAME'
  | 'ROW.CONTROL_CHARACTER'
  | 'CELL.INVALID_PHONE'
  | 'CELL.INVALID_EXTENSION'
  | 'CELL.INVALID_EMAIL'
  | 'CELL.INVALID_IP'
  | 'CELL.INVALID_HOSTNAME';

/** A problem with one row or cell. The row is still imported unless the code is `ROW.*`; a bad cell becomes `null`. */
export interface SheetRowIssue {
  readonly row: number;
  readonly column?: EmployeeColumn;
  readonly code: SheetRowIssueCode;
  readonly message: string;
  /** The cell's text as found. */
  readonly value?: string;
}

export type SkippedRowReason = 'blank' | 'title' | 'totals' | 'duplicate';

export interface SkippedRow {
  readonly row: number;
  readonly reason: SkippedRowReason;
  /** For a duplicate: the earlier row it repeats. */
  readonly duplicateOf?: number;
}

export interface EmployeeSheet {
  /** Name of the sheet the employees were read from. */
  readonly sheetName: string;
  /** Row number of the detected header. */
  readonly headerRow: number;
  /** Which columns were found, by column letter index (0-based); columns not found are absent. */
  readonly columns: Readonly<Partial<Record<EmployeeColumn, number>>>;
  readonly rows: readonly EmployeeSheetRow[];
  /** The departments sheet's departments, then any other department the rows name. */
  readonly departments: readonly SheetDepartment[];
  readonly issues: readonly SheetRowIssue[];
  readonly skipped: readonly SkippedRow[];
}

export interface EmployeeSheetReadOptions {
  /** Per column, replaces that column's default names (spread `DEFAULT_HEADER_ALIASES[column]` to extend them). */
  readonly headerAliases?: Partial<HeaderAliases>;
  /** Read this sheet; by default the sheet whose header matches best. */
  readonly sheetName?: string;
}

/** Reads an employee workbook (.xlsx or .xls). Throws `SheetImportError` when the file cannot be read. */
export interface EmployeeSheetReader {
  read(buffer: Uint8Array, options?: EmployeeSheetReadOptions): Promise<EmployeeSheet>;
}

/** Writes an .xlsx that `EmployeeSheetReader` reads back to the same rows and departments. */
export interface EmployeeSheetWriter {
  write(rows: readonly EmployeeSheetRecord[], departments: readonly SheetDepartment[]): Promise<Buffer>;
}
