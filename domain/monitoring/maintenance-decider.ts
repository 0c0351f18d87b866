import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import type { MaintenanceTargetRef, MaintenanceWindowCommand } from './maintenance-commands.ts';
import type { MaintenanceWindowEvent } from './maintenance-events.ts';
import {
  type MaintenanceSchedule,
  type MaintenanceTarget,
  normalizeMaintenanceSchedule,
} from './maintenance-schedule.ts';
import { optionalPlainText } from './monitoring-text.ts';

export type MaintenanceWindowState =
  | { readonly status: 'none' }
  | {
      readonly status: 'scheduled' | 'ended';
      readonly windowId: string;
      readonly target: MaintenanceTarget;
      readonly schedule: MaintenanceSchedule;
      readonly reason: string | null;
    };

function targetOf(ref: MaintenanceTargetRef): MaintenanceTarget {
  if (ref.status === 'none' || ref.status === 'removed') {
    const id = ref.kind === 'server' ? ref.serverId : ref.groupId;
    throw new DomainError('MAINTENANCE.TARGET_NOT_FOUND', `No ${ref.kind} ${id} to maintain`, {
      field: ref.kind === 'server' ? 'serverId' : 'groupId',
    });
  }
  return ref.kind === 'server'
    ? { kind: 'server', serverId: ref.serverId }
    : { kind: 'group', groupId: ref.groupId };
}

/** Whether a one-off window is on at `at` (a recurring one: the application asks its cron library). */
export function isOnceWindowOn(schedule: MaintenanceSchedule, at: string): boolean {
  if (schedule.kind !== 'once') return false;
  const ms = Date.parse(at);
  return Date.parse(schedule.from) <= ms && ms < Date.parse(schedule.until);
}

/**
 * A maintenance window of a server or a group: once, or recurring by cron in a time zone; ended early or
 * for good. Which checks it silences, and when, the scheduler works out and tells each check's state.
 */
export const maintenanceWindowDecider: Decider<
  MaintenanceWindowCommand,
  MaintenanceWindowEvent,
  MaintenanceWindowState
> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'MaintenanceWindowScheduled':
        return { status: 'scheduled', ...event.data };
      case 'MaintenanceWindowEnded':
        return state.status === 'none' ? state : { ...state, status: 'ended' };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { windowId } = command.data;
    const now = command.metadata.occurredAt;
    switch (command.type) {
      case 'ScheduleMaintenanceWindow': {
        if (state.status !== 'none') {
          throw new DomainError(
            'MAINTENANCE.ALREADY_EXISTS',
            `Maintenance window ${windowId} exists already`,
            {
              windowId,
            },
          );
        }
        const target = targetOf(command.data.target);
        const schedule = normalizeMaintenanceSchedule(command.data.schedule, command.data.cron, now);
        const reason = optionalPlainText(command.data.reason, 500, 'MAINTENANCE.INVALID_REASON', 'reason');
        return [{ type: 'MaintenanceWindowScheduled', data: { windowId, target, schedule, reason } }];
      }
      case 'EndMaintenanceWindow': {
        if (state.status === 'none') {
          throw new DomainError('MAINTENANCE.NOT_FOUND', `No maintenance window ${windowId}`, { windowId });
        }
        if (state.status === 'ended') return [];
        const { schedule } = state;
        if (schedule.kind === 'once' && Date.parse(schedule.until) <= Date.parse(now)) return [];
        return [{ type: 'MaintenanceWindowEnded', data: { windowId, at: now } }];
      }
      default:
        return assertNever(command);
    }
  },
};
