import type { Command } from '../shared/index.ts';
import type { AlertRoute, GroupStatusRule, QuietHours } from './server-group-settings.ts';

/** Where a group stands, as another aggregate's command reports it (read by the application). */
export type ServerGroupStatus = 'none' | 'active' | 'removed';

/** A group a command refers to, with its status read from its stream just before. */
export interface ServerGroupRef {
  readonly groupId: string;
  readonly status: ServerGroupStatus;
  /** How many servers it holds (read for a server joining it; absent: not counted). */
  readonly servers?: number | undefined;
}

/** Creates a group, its alerts routed and its quiet hours set in the same decision when given. */
export type CreateServerGroup = Command<
  'CreateServerGroup',
  {
    groupId: string;
    name: string;
    statusRule?: GroupStatusRule | undefined;
    route?: AlertRoute | null | undefined;
    quietHours?: QuietHours | null | undefined;
  }
>;
/**
 * Changes any of a group's name, alert route (`null`: nowhere), quiet hours (`null`: none) and status rule in
 * one decision: a refused part refuses the whole command. A field not given stays.
 */
export type ChangeServerGroup = Command<
  'ChangeServerGroup',
  {
    groupId: string;
    name?: string | undefined;
    route?: AlertRoute | null | undefined;
    quietHours?: QuietHours | null | undefined;
    statusRule?: GroupStatusRule | undefined;
  }
>;
export type RenameServerGroup = Command<'RenameServerGroup', { groupId: string; name: string }>;
export type RouteServerGroupAlerts = Command<
  'RouteServerGroupAlerts',
  { groupId: string; route: AlertRoute | null }
>;
export type SetServerGroupQuietHours = Command<
  'SetServerGroupQuietHours',
  { groupId: string; quietHours: QuietHours | null }
>;
export type SetServerGroupStatusRule = Command<
  'SetServerGroupStatusRule',
  { groupId: string; statusRule: GroupStatusRule }
>;
/** `servers`: how many servers are still in the group (from the read model): a group in use stays. */
export type RemoveServerGroup = Command<'RemoveServerGroup', { groupId: string; servers: number }>;

export type ServerGroupCommand =
  | CreateServerGroup
  | ChangeServerGroup
  | RenameServerGroup
  | RouteServerGroupAlerts
  | SetServerGroupQuietHours
  | SetServerGroupStatusRule
  | RemoveServerGroup;
