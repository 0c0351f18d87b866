import type { SheetRowIssue, SkippedRow } from '../employee-sheet.ts';

export type RowOutcome = 'new' | 'changed' | 'unchanged' | 'ambiguous' | 'error';

/** What an import does (or, in a dry run, would do) with one row. */
export interface ImportRowResult {
  readonly row: number;
  readonly outcome: RowOutcome;
  readonly fullName: string;
  /** The employee the row was matched to or creates. */
  readonly employeeId?: string;
  /** How it was matched: `email`, or `name+department+phone`. */
  readonly matchedBy?: 'email' | 'name+department+phone';
  /** For `changed`/`new`: what changes (`email`, `department`, `dismissed`, `workstation`, ...). */
  readonly changes?: readonly string[];
  /** For `ambiguous` and `error`: why, for the person who settles it. */
  readonly message?: string;
  /** For `ambiguous`: the employees it could be. */
  readonly candidates?: readonly ImportCandidate[];
}

export interface ImportCandidate {
  readonly employeeId: string;
  readonly fullName: string;
  readonly department: string | null;
}

export interface ImportCounts {
  readonly rows: number;
  readonly new: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly ambiguous: number;
  readonly errors: number;
  /** Active employees that no row matched: reported, never dismissed by an import. */
  readonly missing: number;
  readonly skipped: number;
  readonly departmentsCreated: number;
  readonly events: number;
}

/** The report of an import or its dry run. Long lists are cut at a bound (`truncated`); the counts are whole. */
export interface ImportReport {
  readonly importId: string;
  readonly dryRun: boolean;
  readonly sheet: { readonly name: string; readonly headerRow: number; readonly columns: readonly string[] };
  readonly counts: ImportCounts;
  /** Every row that is not `unchanged`, in sheet order. */
  readonly rows: readonly ImportRowResult[];
  readonly issues: readonly SheetRowIssue[];
  readonly missing: readonly ImportCandidate[];
  readonly skipped: readonly SkippedRow[];
  readonly departmentsCreated: readonly string[];
  /** Names several rows share (namesakes, or one person twice?): imported apart when their keys differ. */
  readonly namesakes: readonly { readonly fullName: string; readonly rows: readonly number[] }[];
  /** What rows had that the employees feature could not take (an IP without a host name): the rows imported anyway. */
  readonly warnings: readonly { readonly row: number; readonly message: string }[];
  readonly truncated: boolean;
}
