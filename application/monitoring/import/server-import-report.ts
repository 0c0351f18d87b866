import type { RowProblem, SkippedServerRow } from './server-sheet.ts';

export type ServerRowOutcome = 'create' | 'change' | 'unchanged' | 'error';

/** What an import does (or, in a dry run, would do) with one row. */
export interface ServerImportRowResult {
  readonly row: number;
  readonly name: string;
  readonly outcome: ServerRowOutcome;
  /** The server the row matched (by name) or, once committed, created. */
  readonly serverId?: string;
  /** For `change` (and an `error` met half-way at commit): what changes (`host`, `group`, `+tcp:22`...). */
  readonly changes?: readonly string[];
  /** For `error`: every refusal, each naming its column. */
  readonly problems?: readonly RowProblem[];
}

/** A group the sheet names and TBot lacks: created by the commit, with no alert route. */
export interface CreatedGroup {
  readonly name: string;
  /** Set once committed. */
  readonly groupId?: string;
  /** The rows that name it. */
  readonly rows: readonly number[];
}

/** The token of a push check the commit made: shown this once (only its digest is stored). */
export interface ImportedPushToken {
  readonly row: number;
  readonly server: string;
  readonly checkId: string;
  readonly token: string;
}

export interface ServerImportCounts {
  readonly rows: number;
  readonly create: number;
  readonly change: number;
  readonly unchanged: number;
  readonly errors: number;
  readonly skipped: number;
  readonly groupsCreated: number;
  /** Servers TBot watches that no row names: left as they are (an import never removes a server). */
  readonly absent: number;
}

/** The report of a servers import or its dry run. Long lists are cut at a bound (`truncated`); counts are whole. */
export interface ServerImportReport {
  readonly importId: string;
  readonly dryRun: boolean;
  readonly sheet: { readonly name: string; readonly headerRow: number; readonly columns: readonly string[] };
  readonly counts: ServerImportCounts;
  /** Every row that is not `unchanged`, in sheet order. */
  readonly rows: readonly ServerImportRowResult[];
  readonly groupsCreated: readonly CreatedGroup[];
  readonly skipped: readonly SkippedServerRow[];
  /** Of a commit only. */
  readonly pushTokens: readonly ImportedPushToken[];
  /** What the reader should know whatever the rows say (new groups have no alert route; nothing is removed). */
  readonly notes: readonly string[];
  readonly truncated: boolean;
}
