import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import type { ServerGroupCommand, ServerGroupRef } from './server-group-commands.ts';
import type { ServerGroupEvent } from './server-group-events.ts';
import {
  type AlertRoute,
  MAX_SERVERS_PER_GROUP,
  type GroupStatusRule,
  type QuietHours,
  normalizeAlertRoute,
  normalizeGroupName,
  normalizeQuietHours,
  normalizeStatusRule,
} from './server-group-settings.ts';
import { sameValue } from './same-value.ts';

export type ServerGroupState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'removed';
      readonly groupId: string;
      readonly name: string;
      readonly alerts: AlertRoute | null;
      readonly quietHours: QuietHours | null;
      readonly statusRule: GroupStatusRule;
    };

/** Refuses a group that is missing or removed: servers go only into active ones. */
export function requireActiveGroup(ref: ServerGroupRef): void {
  const { groupId } = ref;
  if (ref.status === 'none') {
    throw new DomainError('SERVER_GROUP.NOT_FOUND', `No server group ${groupId}`, { groupId });
  }
  if (ref.status === 'removed') {
    throw new DomainError('SERVER_GROUP.REMOVED', `Server group ${groupId} is removed`, { groupId });
  }
}

/** A server may join the group while it holds fewer than {@link MAX_SERVERS_PER_GROUP}. */
export function requireRoomInGroup(ref: ServerGroupRef): void {
  if (ref.servers === undefined || ref.servers < MAX_SERVERS_PER_GROUP) return;
  const { groupId } = ref;
  throw new DomainError(
    'SERVER_GROUP.FULL',
    `Server group ${groupId} holds ${MAX_SERVERS_PER_GROUP} servers`,
    {
      groupId,
      maxServers: MAX_SERVERS_PER_GROUP,
    },
  );
}

function active(state: ServerGroupState, groupId: string) {
  if (state.status === 'none') {
    throw new DomainError('SERVER_GROUP.NOT_FOUND', `No server group ${groupId}`, { groupId });
  }
  if (state.status === 'removed') {
    throw new DomainError('SERVER_GROUP.REMOVED', `Server group ${state.name} is removed`, { groupId });
  }
  return state;
}

type ActiveGroup = ReturnType<typeof active>;

function renamed(group: ActiveGroup, input: string): ServerGroupEvent[] {
  const { groupId } = group;
  const name = normalizeGroupName(input);
  if (name === group.name) return [];
  return [{ type: 'ServerGroupRenamed', data: { groupId, from: group.name, to: name } }];
}

function alertsRouted(group: ActiveGroup, route: AlertRoute | null): ServerGroupEvent[] {
  const { groupId } = group;
  const to = route === null ? null : normalizeAlertRoute(route);
  if (sameValue(to, group.alerts)) return [];
  return [{ type: 'ServerGroupAlertsRouted', data: { groupId, from: group.alerts, to } }];
}

function quietHoursSet(group: ActiveGroup, quietHours: QuietHours | null): ServerGroupEvent[] {
  const { groupId } = group;
  const to = quietHours === null ? null : normalizeQuietHours(quietHours);
  if (sameValue(to, group.quietHours)) return [];
  return [{ type: 'ServerGroupQuietHoursSet', data: { groupId, from: group.quietHours, to } }];
}

function statusRuleSet(group: ActiveGroup, statusRule: GroupStatusRule): ServerGroupEvent[] {
  const { groupId } = group;
  const to = normalizeStatusRule(statusRule);
  if (sameValue(to, group.statusRule)) return [];
  return [{ type: 'ServerGroupStatusRuleSet', data: { groupId, from: group.statusRule, to } }];
}

/**
 * A group of servers: named, its alerts routed to a Telegram chat (and forum topic), its quiet hours, the
 * rule that makes the group DOWN; removed once it holds no servers.
 */
export const serverGroupDecider: Decider<ServerGroupCommand, ServerGroupEvent, ServerGroupState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'ServerGroupCreated': {
        const { groupId, name, statusRule } = event.data;
        return { status: 'active', groupId, name, statusRule, alerts: null, quietHours: null };
      }
      case 'ServerGroupRenamed':
        return state.status === 'none' ? state : { ...state, name: event.data.to };
      case 'ServerGroupAlertsRouted':
        return state.status === 'none' ? state : { ...state, alerts: event.data.to };
      case 'ServerGroupQuietHoursSet':
        return state.status === 'none' ? state : { ...state, quietHours: event.data.to };
      case 'ServerGroupStatusRuleSet':
        return state.status === 'none' ? state : { ...state, statusRule: event.data.to };
      case 'ServerGroupRemoved':
        return state.status === 'none' ? state : { ...state, status: 'removed' };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { groupId } = command.data;
    switch (command.type) {
      case 'CreateServerGroup': {
        if (state.status !== 'none') {
          throw new DomainError('SERVER_GROUP.ALREADY_EXISTS', `Server group ${groupId} exists already`, {
            groupId,
          });
        }
        const name = normalizeGroupName(command.data.name);
        const statusRule = normalizeStatusRule(command.data.statusRule ?? { kind: 'any' });
        const { route, quietHours } = command.data;
        // Decided against the group as it will be once created, so that a refused route creates no group.
        const created = {
          status: 'active',
          groupId,
          name,
          statusRule,
          alerts: null,
          quietHours: null,
        } as const;
        return [
          { type: 'ServerGroupCreated', data: { groupId, name, statusRule } },
          ...(route === undefined ? [] : alertsRouted(created, route)),
          ...(quietHours === undefined ? [] : quietHoursSet(created, quietHours)),
        ];
      }
      case 'ChangeServerGroup': {
        const group = active(state, groupId);
        const { name, route, quietHours, statusRule } = command.data;
        return [
          ...(name === undefined ? [] : renamed(group, name)),
          ...(route === undefined ? [] : alertsRouted(group, route)),
          ...(quietHours === undefined ? [] : quietHoursSet(group, quietHours)),
          ...(statusRule === undefined ? [] : statusRuleSet(group, statusRule)),
        ];
      }
      case 'RenameServerGroup':
        return renamed(active(state, groupId), command.data.name);
      case 'RouteServerGroupAlerts':
        return alertsRouted(active(state, groupId), command.data.route);
      case 'SetServerGroupQuietHours':
        return quietHoursSet(active(state, groupId), command.data.quietHours);
      case 'SetServerGroupStatusRule':
        return statusRuleSet(active(state, groupId), command.data.statusRule);
      case 'RemoveServerGroup': {
        if (state.status === 'removed') return [];
        const group = active(state, groupId);
        const { servers } = command.data;
        if (servers > 0) {
          throw new DomainError(
            'SERVER_GROUP.NOT_EMPTY',
            `Server group ${group.name} still holds ${servers} server(s)`,
            { groupId, servers },
          );
        }
        return [{ type: 'ServerGroupRemoved', data: { groupId } }];
      }
      default:
        return assertNever(command);
    }
  },
};
