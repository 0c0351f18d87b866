import type { Event } from '../shared/index.ts';
import type { AlertRoute, GroupStatusRule, QuietHours } from './server-group-settings.ts';

export type ServerGroupCreated = Event<
  'ServerGroupCreated',
  { groupId: string; name: string; statusRule: GroupStatusRule }
>;
export type ServerGroupRenamed = Event<'ServerGroupRenamed', { groupId: string; from: string; to: string }>;
/** Alerts go to `to` from now; `null`: nowhere (the group's servers are watched, nobody is told). */
export type ServerGroupAlertsRouted = Event<
  'ServerGroupAlertsRouted',
  { groupId: string; from: AlertRoute | null; to: AlertRoute | null }
>;
export type ServerGroupQuietHoursSet = Event<
  'ServerGroupQuietHoursSet',
  { groupId: string; from: QuietHours | null; to: QuietHours | null }
>;
export type ServerGroupStatusRuleSet = Event<
  'ServerGroupStatusRuleSet',
  { groupId: string; from: GroupStatusRule; to: GroupStatusRule }
>;
export type ServerGroupRemoved = Event<'ServerGroupRemoved', { groupId: string }>;

export type ServerGroupEvent =
  | ServerGroupCreated
  | ServerGroupRenamed
  | ServerGroupAlertsRouted
  | ServerGroupQuietHoursSet
  | ServerGroupStatusRuleSet
  | ServerGroupRemoved;

export const SERVER_GROUP_EVENT_TYPES: readonly ServerGroupEvent['type'][] = [
  'ServerGroupCreated',
  'ServerGroupRenamed',
  'ServerGroupAlertsRouted',
  'ServerGroupQuietHoursSet',
  'ServerGroupStatusRuleSet',
  'ServerGroupRemoved',
];
