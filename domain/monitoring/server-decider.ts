import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import { MAX_CHECKS_PER_SERVER, type CheckSpec, type CheckSpecInput, rehostChecks } from './check-spec.ts';
import { normalizeCheckSpec } from './check-validation.ts';
import { normalizeHost } from './host-address.ts';
import { requiredPlainText } from './monitoring-text.ts';
import { sameValue } from './same-value.ts';
import { MAX_SERVER_DEPTH, type ServerCommand, type ServerParentRef } from './server-commands.ts';
import type { ServerGroupRef } from './server-group-commands.ts';
import type { ServerEvent } from './server-events.ts';
import { requireActiveGroup, requireRoomInGroup } from './server-group-decider.ts';

export type ServerState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'paused' | 'removed';
      readonly serverId: string;
      readonly name: string;
      readonly host: string;
      readonly groupId: string | null;
      readonly parentId: string | null;
      readonly checks: readonly CheckSpec[];
    };

/** Trims and checks a server name: required, plain text, at most 100 characters. */
export const normalizeServerName = (name: string): string =>
  requiredPlainText(name, 100, 'SERVER.INVALID_NAME', 'name');

function present(state: ServerState, serverId: string) {
  if (state.status === 'none') {
    throw new DomainError('SERVER.NOT_FOUND', `No server ${serverId}`, { serverId });
  }
  if (state.status === 'removed') {
    throw new DomainError('SERVER.REMOVED', `Server ${state.name} is removed`, { serverId });
  }
  return state;
}

function checkParent(serverId: string, parent: ServerParentRef): void {
  if (parent.serverId === serverId || parent.ancestorIds.includes(serverId)) {
    throw new DomainError(
      'SERVER.PARENT_CYCLE',
      'A server cannot depend on itself or on one that depends on it',
      {
        serverId,
        parentId: parent.serverId,
        field: 'parentId',
      },
    );
  }
  if (parent.status === 'none' || parent.status === 'removed') {
    throw new DomainError(
      parent.status === 'none' ? 'SERVER.NOT_FOUND' : 'SERVER.REMOVED',
      `Parent server ${parent.serverId} ${parent.status === 'none' ? 'does not exist' : 'is removed'}`,
      { serverId: parent.serverId, field: 'parentId' },
    );
  }
  if (parent.ancestorIds.length + 1 >= MAX_SERVER_DEPTH) {
    throw new DomainError(
      'SERVER.TOO_DEEP',
      `Servers depend on each other at most ${MAX_SERVER_DEPTH} deep`,
      {
        serverId,
        parentId: parent.serverId,
        field: 'parentId',
      },
    );
  }
}

function normalizeChecks(inputs: readonly CheckSpecInput[], host: string): CheckSpec[] {
  if (inputs.length === 0) {
    throw new DomainError('SERVER.NO_CHECKS', 'A server needs at least one check', { field: 'checks' });
  }
  if (inputs.length > MAX_CHECKS_PER_SERVER) {
    throw new DomainError('SERVER.TOO_MANY_CHECKS', `A server has at most ${MAX_CHECKS_PER_SERVER} checks`, {
      field: 'checks',
      max: MAX_CHECKS_PER_SERVER,
    });
  }
  const checks = inputs.map((input, index) => normalizeCheckSpec(input, host, `checks.${index}`));
  const ids = new Set(checks.map((check) => check.checkId));
  if (ids.size !== checks.length) {
    throw new DomainError('CHECK.ALREADY_EXISTS', 'Two checks of the server have one id', {
      field: 'checks',
    });
  }
  return checks;
}

function existingCheck(server: { readonly checks: readonly CheckSpec[] }, serverId: string, checkId: string) {
  const check = server.checks.find((candidate) => candidate.checkId === checkId);
  if (!check)
    throw new DomainError('CHECK.NOT_FOUND', `Server ${serverId} has no check ${checkId}`, { checkId });
  return check;
}

type PresentServer = ReturnType<typeof present>;

/** The move of a present server into `group` (or out of any): nothing when it is there already. */
function movedToGroup(server: PresentServer, group: ServerGroupRef | null): ServerEvent[] {
  const { serverId } = server;
  const to = group?.groupId ?? null;
  if (to === server.groupId) return [];
  if (group) requireActiveGroup(group);
  if (group) requireRoomInGroup(group);
  return [{ type: 'ServerMovedToGroup', data: { serverId, from: server.groupId, to } }];
}

/** A present server made to depend on `parent` (or on none): nothing when it does already. */
function parentChanged(server: PresentServer, parent: ServerParentRef | null): ServerEvent[] {
  const { serverId } = server;
  const to = parent?.serverId ?? null;
  if (to === server.parentId) return [];
  if (parent) checkParent(serverId, parent);
  return [{ type: 'ServerParentChanged', data: { serverId, from: server.parentId, to } }];
}

const replaceCheck = (checks: readonly CheckSpec[], check: CheckSpec) =>
  checks.map((candidate) => (candidate.checkId === check.checkId ? check : candidate));

/**
 * A watched server: its host and its checks (each validated), paused and resumed, moved between groups, made
 * to depend on a parent (never in a cycle), removed for good. Its checks' UP/DOWN state lives on their own
 * streams ({@link checkStateDecider}).
 */
export const serverDecider: Decider<ServerCommand, ServerEvent, ServerState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    if (event.type === 'ServerRegistered') {
      const { serverId, name, host, groupId, parentId, checks } = event.data;
      return { status: 'active', serverId, name, host, groupId, parentId, checks };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'ServerRenamed':
        return { ...state, name: event.data.to };
      case 'ServerHostChanged':
        return { ...state, host: event.data.to, checks: event.data.checks };
      case 'CheckAdded':
        return { ...state, checks: [...state.checks, event.data.check] };
      case 'CheckChanged':
        return { ...state, checks: replaceCheck(state.checks, event.data.check) };
      case 'CheckRemoved':
        return { ...state, checks: state.checks.filter((check) => check.checkId !== event.data.checkId) };
      case 'ServerPaused':
        return { ...state, status: 'paused' };
      case 'ServerResumed':
        return { ...state, status: 'active' };
      case 'ServerMovedToGroup':
        return { ...state, groupId: event.data.to };
      case 'ServerParentChanged':
        return { ...state, parentId: event.data.to };
      case 'ServerRemoved':
        return { ...state, status: 'removed' };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { serverId } = command.data;
    switch (command.type) {
      case 'RegisterServer': {
        if (state.status !== 'none') {
          throw new DomainError('SERVER.ALREADY_EXISTS', `Server ${serverId} exists already`, { serverId });
        }
        const name = normalizeServerName(command.data.name);
        const host = normalizeHost(command.data.host);
        const checks = normalizeChecks(command.data.checks, host);
        const { group, parent } = command.data;
        if (group) requireActiveGroup(group);
        if (group) requireRoomInGroup(group);
        if (parent) checkParent(serverId, parent);
        const groupId = group?.groupId ?? null;
        const parentId = parent?.serverId ?? null;
        return [{ type: 'ServerRegistered', data: { serverId, name, host, groupId, parentId, checks } }];
      }
      case 'ChangeServer': {
        const server = present(state, serverId);
        const events: ServerEvent[] = [];
        if (command.data.name !== undefined) {
          const name = normalizeServerName(command.data.name);
          if (name !== server.name)
            events.push({ type: 'ServerRenamed', data: { serverId, from: server.name, to: name } });
        }
        if (command.data.host !== undefined) {
          const host = normalizeHost(command.data.host);
          if (host !== server.host) {
            const checks = rehostChecks(server.checks, server.host, host);
            events.push({
              type: 'ServerHostChanged',
              data: { serverId, from: server.host, to: host, checks },
            });
          }
        }
        const { group, parent } = command.data;
        if (group !== undefined) events.push(...movedToGroup(server, group));
        if (parent !== undefined) events.push(...parentChanged(server, parent));
        return events;
      }
      case 'AddCheck': {
        const server = present(state, serverId);
        const { check: input } = command.data;
        if (server.checks.some((check) => check.checkId === input.checkId)) {
          throw new DomainError(
            'CHECK.ALREADY_EXISTS',
            `Server ${server.name} has check ${input.checkId} already`,
            {
              checkId: input.checkId,
            },
          );
        }
        if (server.checks.length >= MAX_CHECKS_PER_SERVER) {
          throw new DomainError(
            'SERVER.TOO_MANY_CHECKS',
            `A server has at most ${MAX_CHECKS_PER_SERVER} checks`,
            {
              field: 'checks',
              max: MAX_CHECKS_PER_SERVER,
            },
          );
        }
        return [
          { type: 'CheckAdded', data: { serverId, check: normalizeCheckSpec(input, server.host, 'check') } },
        ];
      }
      case 'ChangeCheck': {
        const server = present(state, serverId);
        const { checkId, definition, timing } = command.data;
        const current = existingCheck(server, serverId, checkId);
        const check = normalizeCheckSpec({ checkId, definition, timing }, server.host, 'check');
        if (sameValue(check, current)) return [];
        return [{ type: 'CheckChanged', data: { serverId, check } }];
      }
      case 'RemoveCheck': {
        const server = present(state, serverId);
        const { checkId } = command.data;
        if (!server.checks.some((check) => check.checkId === checkId)) return [];
        if (server.checks.length === 1) {
          throw new DomainError(
            'SERVER.NO_CHECKS',
            'The last check of a server stays: remove the server instead',
            {
              checkId,
            },
          );
        }
        return [{ type: 'CheckRemoved', data: { serverId, checkId } }];
      }
      case 'PauseServer':
        return present(state, serverId).status === 'paused'
          ? []
          : [{ type: 'ServerPaused', data: { serverId } }];
      case 'ResumeServer':
        return present(state, serverId).status === 'active'
          ? []
          : [{ type: 'ServerResumed', data: { serverId } }];
      case 'MoveServerToGroup':
        return movedToGroup(present(state, serverId), command.data.group);
      case 'SetServerParent':
        return parentChanged(present(state, serverId), command.data.parent);
      case 'RemoveServer': {
        if (state.status === 'removed') return [];
        const server = present(state, serverId);
        const checkIds = server.checks.map((check) => check.checkId);
        return [{ type: 'ServerRemoved', data: { serverId, checkIds } }];
      }
      default:
        return assertNever(command);
    }
  },
};
