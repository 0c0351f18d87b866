import type { Command } from '../shared/index.ts';
import type { EmployeeRef } from './employee-decider.ts';
import type { WorkstationDetailsInput, WorkstationDetailsPatch } from './workstation-details.ts';

/**
 * `employee`: the owner, with the status the application read from their stream (`null`: nobody). The host
 * name must already be claimed for `workstationId` on its claim stream: the decider cannot see other streams.
 */
export type RegisterWorkstation = Command<
  'RegisterWorkstation',
  { workstationId: string; details: WorkstationDetailsInput; employee: EmployeeRef | null }
>;
/** A new host name must be claimed before, and the old one released after. */
export type ChangeWorkstationDetails = Command<
  'ChangeWorkstationDetails',
  { workstationId: string; changes: WorkstationDetailsPatch }
>;
export type AssignWorkstation = Command<
  'AssignWorkstation',
  { workstationId: string; employee: EmployeeRef }
>;
export type UnassignWorkstation = Command<'UnassignWorkstation', { workstationId: string }>;
export type RetireWorkstation = Command<'RetireWorkstation', { workstationId: string }>;

export type WorkstationCommand =
  | RegisterWorkstation
  | ChangeWorkstationDetails
  | AssignWorkstation
  | UnassignWorkstation
  | RetireWorkstation;

/** On a host name's claim stream (`workstation-hostname-<hostname>`). */
export type ClaimHostname = Command<'ClaimHostname', { hostname: string; workstationId: string }>;
export type ReleaseHostname = Command<'ReleaseHostname', { hostname: string; workstationId: string }>;
export type HostnameCommand = ClaimHostname | ReleaseHostname;
