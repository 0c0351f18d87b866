import type { Command } from '../shared/index.ts';
import type { CheckDefinitionInput, CheckSpecInput } from './check-spec.ts';
import type { CheckTiming } from './check-definition.ts';
import type { ServerGroupRef } from './server-group-commands.ts';

/** Where a server stands, as another server's command reports it (read by the application). */
export type ServerStatus = 'none' | 'active' | 'paused' | 'removed';

/**
 * A prospective parent: its status and its own parents, nearest first, as far as the application read them
 * (at most {@link MAX_SERVER_DEPTH}): enough for the decider to refuse a cycle.
 */
export interface ServerParentRef {
  readonly serverId: string;
  readonly status: ServerStatus;
  readonly ancestorIds: readonly string[];
}

/** How long a chain of parents may be; the application reads no further up than this. */
export const MAX_SERVER_DEPTH = 16;

export type RegisterServer = Command<
  'RegisterServer',
  {
    serverId: string;
    name: string;
    host: string;
    group: ServerGroupRef | null;
    parent: ServerParentRef | null;
    checks: readonly CheckSpecInput[];
  }
>;
/**
 * Changes any of the server's name, host, group (`null`: none) and parent (`null`: none) in one decision: a
 * refused part refuses the whole command, so no part is recorded without the others. A field not given stays.
 */
export type ChangeServer = Command<
  'ChangeServer',
  {
    serverId: string;
    name?: string | undefined;
    host?: string | undefined;
    group?: ServerGroupRef | null | undefined;
    parent?: ServerParentRef | null | undefined;
  }
>;
export type AddCheck = Command<'AddCheck', { serverId: string; check: CheckSpecInput }>;
export type ChangeCheck = Command<
  'ChangeCheck',
  { serverId: string; checkId: string; definition: CheckDefinitionInput; timing: CheckTiming }
>;
export type RemoveCheck = Command<'RemoveCheck', { serverId: string; checkId: string }>;
export type PauseServer = Command<'PauseServer', { serverId: string }>;
export type ResumeServer = Command<'ResumeServer', { serverId: string }>;
export type MoveServerToGroup = Command<
  'MoveServerToGroup',
  { serverId: string; group: ServerGroupRef | null }
>;
export type SetServerParent = Command<
  'SetServerParent',
  { serverId: string; parent: ServerParentRef | null }
>;
export type RemoveServer = Command<'RemoveServer', { serverId: string }>;

export type ServerCommand =
  | RegisterServer
  | ChangeServer
  | AddCheck
  | ChangeCheck
  | RemoveCheck
  | PauseServer
  | ResumeServer
  | MoveServerToGroup
  | SetServerParent
  | RemoveServer;
