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

export type CreateServerGroup = Command<
  'CreateServerGroup',
  { groupId: string; name: string; statusRule?: GroupStatusRule | undefined }
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
  | RenameServerGroup
  | RouteServerGroupAlerts
  | SetServerGroupQuietHours
  | SetServerGroupStatusRule
  | RemoveServerGroup;
