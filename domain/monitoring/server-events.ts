import type { Event } from '../shared/index.ts';
import type { CheckSpec } from './check-spec.ts';

export type ServerRegistered = Event<
  'ServerRegistered',
  {
    serverId: string;
    name: string;
    host: string;
    groupId: string | null;
    parentId: string | null;
    checks: readonly CheckSpec[];
  }
>;
export type ServerRenamed = Event<'ServerRenamed', { serverId: string; from: string; to: string }>;
/** `checks`: every check of the server after the change, those that follow the host re-hosted. */
export type ServerHostChanged = Event<
  'ServerHostChanged',
  { serverId: string; from: string; to: string; checks: readonly CheckSpec[] }
>;
export type CheckAdded = Event<'CheckAdded', { serverId: string; check: CheckSpec }>;
/** `check`: the check as it is now (its definition, its timing, or both changed). */
export type CheckChanged = Event<'CheckChanged', { serverId: string; check: CheckSpec }>;
export type CheckRemoved = Event<'CheckRemoved', { serverId: string; checkId: string }>;
export type ServerPaused = Event<'ServerPaused', { serverId: string }>;
export type ServerResumed = Event<'ServerResumed', { serverId: string }>;
/** Into a group (`to`), or out of any (`null`). */
export type ServerMovedToGroup = Event<
  'ServerMovedToGroup',
  { serverId: string; from: string | null; to: string | null }
>;
/** Depends on another server (`to`), whose DOWN suppresses this one's DOWN alerts; or on none. */
export type ServerParentChanged = Event<
  'ServerParentChanged',
  { serverId: string; from: string | null; to: string | null }
>;
/** `checkIds`: the checks it still had, which stop with it. */
export type ServerRemoved = Event<'ServerRemoved', { serverId: string; checkIds: readonly string[] }>;

export type ServerEvent =
  | ServerRegistered
  | ServerRenamed
  | ServerHostChanged
  | CheckAdded
  | CheckChanged
  | CheckRemoved
  | ServerPaused
  | ServerResumed
  | ServerMovedToGroup
  | ServerParentChanged
  | ServerRemoved;

export const SERVER_EVENT_TYPES: readonly ServerEvent['type'][] = [
  'ServerRegistered',
  'ServerRenamed',
  'ServerHostChanged',
  'CheckAdded',
  'CheckChanged',
  'CheckRemoved',
  'ServerPaused',
  'ServerResumed',
  'ServerMovedToGroup',
  'ServerParentChanged',
  'ServerRemoved',
];
