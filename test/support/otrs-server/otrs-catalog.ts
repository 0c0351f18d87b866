/**
 * The fixed lists of a fresh Znuny install that the local OTRS server knows: states with their state types,
 * priorities and queues, with the ids Znuny gives them.
 */

export interface CatalogEntry {
  readonly id: number;
  readonly name: string;
}

export interface StateEntry extends CatalogEntry {
  /** Znuny's state type: `new`, `open`, `closed`, `pending reminder`, `pending auto`, `removed`, `merged`. */
  readonly type: string;
}

export const STATES: readonly StateEntry[] = [
  { id: 1, name: 'new', type: 'new' },
  { id: 2, name: 'closed successful', type: 'closed' },
  { id: 3, name: 'closed unsuccessful', type: 'closed' },
  { id: 4, name: 'open', type: 'open' },
  { id: 5, name: 'removed', type: 'removed' },
  { id: 6, name: 'pending reminder', type: 'pending reminder' },
  { id: 9, name: 'merged', type: 'merged' },
];

export const PRIORITIES: readonly CatalogEntry[] = [
  { id: 1, name: '1 very low' },
  { id: 2, name: '2 low' },
  { id: 3, name: '3 normal' },
  { id: 4, name: '4 high' },
  { id: 5, name: '5 very high' },
];

export const DEFAULT_QUEUES: readonly CatalogEntry[] = [
  { id: 1, name: 'Postmaster' },
  { id: 2, name: 'Raw' },
  { id: 3, name: 'Junk' },
  { id: 4, name: 'Misc' },
];

/** TicketSearch's `StateType => 'Open'`: every state whose type is not one of these. */
export const VIEWABLE_CLOSED_TYPES: readonly string[] = ['closed', 'removed', 'merged'];

/** The entry named `value` or with id `value`, as TicketUpdate accepts either. */
export function lookUp<T extends CatalogEntry>(
  entries: readonly T[],
  by: { readonly name?: unknown; readonly id?: unknown },
): T | undefined {
  if (by.id !== undefined && by.id !== '') return entries.find((entry) => String(entry.id) === String(by.id));
  if (by.name !== undefined) return entries.find((entry) => entry.name === by.name);
  return undefined;
}
