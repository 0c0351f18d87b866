import type { NewCheck } from '../server-commands.ts';
import type { RowProblem } from './server-sheet.ts';

/** A group a step puts a server into: one TBot has, or one the import creates (by its name's key). */
export type GroupTarget = { readonly groupId: string } | { readonly newGroup: string };

/** One command of a row's plan, run through the servers' commands at commit. */
export type ImportStep =
  | {
      readonly kind: 'register';
      readonly name: string;
      readonly host: string;
      readonly group: GroupTarget | null;
      /** The parent's name key: a server TBot has, or one a row of the sheet creates first. */
      readonly parent: string | null;
      readonly checks: readonly NewCheck[];
    }
  | { readonly kind: 'change'; readonly change: { readonly name?: string; readonly host?: string } }
  | { readonly kind: 'group'; readonly group: GroupTarget | null }
  | { readonly kind: 'parent'; readonly parent: string | null }
  | { readonly kind: 'addCheck'; readonly identity: string; readonly check: NewCheck }
  | { readonly kind: 'changeCheck'; readonly checkId: string; readonly check: NewCheck }
  | { readonly kind: 'removeCheck'; readonly checkId: string };

/** What the plan makes of one row. */
export interface PlannedRow {
  readonly row: number;
  readonly name: string;
  /** The server name's key (`serverNameKey`): how rows, parents and servers refer to one another. */
  readonly key: string;
  readonly outcome: 'create' | 'change' | 'unchanged' | 'error';
  /** The server the row matched by name. */
  readonly serverId?: string;
  readonly steps: readonly ImportStep[];
  readonly changes: readonly string[];
  readonly problems: readonly RowProblem[];
  /** How many parents it has once imported: parents are committed before their children. */
  readonly depth: number;
}

/** A group to create, named as the first row naming it spells it. */
export interface GroupToCreate {
  readonly key: string;
  readonly name: string;
  readonly rows: readonly number[];
}

export interface ServerImportPlan {
  /** In sheet order. */
  readonly rows: readonly PlannedRow[];
  readonly groupsToCreate: readonly GroupToCreate[];
  /** Servers TBot has that no row names. */
  readonly absent: number;
}
