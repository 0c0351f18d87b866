import type { Event } from '../shared/index.ts';
import type { FieldChange } from './employee-fields.ts';

export interface WorkstationDetails {
  /** Lower case, as DNS compares it. */
  readonly hostname: string;
  readonly ip: string | null;
  readonly inventoryNumber: string | null;
}

export type WorkstationField = keyof WorkstationDetails;

export type WorkstationRegistered = Event<
  'WorkstationRegistered',
  { workstationId: string; details: WorkstationDetails; employeeId: string | null }
>;
export type WorkstationDetailsChanged = Event<
  'WorkstationDetailsChanged',
  { workstationId: string; changes: readonly FieldChange<WorkstationField>[] }
>;
/** Given to an employee (`to`), or taken back (`null`). */
export type WorkstationAssigned = Event<
  'WorkstationAssigned',
  { workstationId: string; from: string | null; to: string | null }
>;
export type WorkstationRetired = Event<'WorkstationRetired', { workstationId: string }>;

export type WorkstationEvent =
  WorkstationRegistered | WorkstationDetailsChanged | WorkstationAssigned | WorkstationRetired;

export const WORKSTATION_EVENT_TYPES: readonly WorkstationEvent['type'][] = [
  'WorkstationRegistered',
  'WorkstationDetailsChanged',
  'WorkstationAssigned',
  'WorkstationRetired',
];

/**
 * On `workstation-hostname-<hostname>`: who holds a host name. Active workstations have unique host names;
 * a retired or renamed one releases its name.
 */
export type HostnameClaimed = Event<'HostnameClaimed', { hostname: string; workstationId: string }>;
export type HostnameReleased = Event<'HostnameReleased', { hostname: string; workstationId: string }>;
export type HostnameEvent = HostnameClaimed | HostnameReleased;
