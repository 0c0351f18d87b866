import {
  type MaintenanceSchedule,
  type MaintenanceTarget,
  type MaintenanceTargetRef,
  type MaintenanceWindowEvent,
  maintenanceWindowDecider,
  maintenanceWindowStreamId,
  normalizeCron,
} from '../../domain/monitoring/index.ts';
import {
  type CommandContext,
  type CommandResult,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import { newEntityId } from '../employees/entity-id.ts';
import type { EventStore, IdGenerator } from '../ports/index.ts';
import { evaluateCron } from './maintenance-calendar.ts';
import { loadServer, loadServerGroup } from './monitoring-lookups.ts';

export interface MaintenanceCommandsDeps {
  readonly store: EventStore;
  readonly ids: IdGenerator;
}

export interface NewMaintenanceWindow {
  readonly target: MaintenanceTarget;
  readonly schedule: MaintenanceSchedule;
  readonly reason?: string | null | undefined;
}

export type MaintenanceCommandResult = CommandResult<MaintenanceWindowEvent> & { readonly windowId: string };

/**
 * The maintenance windows' commands. The target's status is read from its stream, and a recurring schedule
 * is evaluated by croner at the command's time, so that the decider can refuse a cron that never fires.
 */
export function makeMaintenanceCommands(deps: MaintenanceCommandsDeps) {
  const { store, ids } = deps;
  const handle = makeCommandHandler({
    store,
    decider: maintenanceWindowDecider,
    streamId: (c) => maintenanceWindowStreamId(c.data.windowId),
  });
  const targetRef = async (target: MaintenanceTarget): Promise<MaintenanceTargetRef> =>
    target.kind === 'server'
      ? { ...target, status: (await loadServer(store, target.serverId)).status }
      : { ...target, status: (await loadServerGroup(store, target.groupId)).status };

  return {
    async schedule(window: NewMaintenanceWindow, write: CommandContext): Promise<MaintenanceCommandResult> {
      const windowId = newEntityId(ids, 'maintenance-window', write);
      const { schedule } = window;
      const now = new Date(write.metadata.occurredAt);
      const cron =
        schedule.kind === 'recurring'
          ? evaluateCron(normalizeCron(schedule.cron), schedule.timeZone, now)
          : null;
      const data = {
        windowId,
        target: await targetRef(window.target),
        schedule,
        reason: window.reason,
        cron,
      };
      const result = await handle(
        { type: 'ScheduleMaintenanceWindow', data, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, windowId };
    },

    /** Ends the window now, for good (a recurring one does not come back). */
    async end(windowId: string, write: CommandContext): Promise<MaintenanceCommandResult> {
      const result = await handle(
        { type: 'EndMaintenanceWindow', data: { windowId }, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, windowId };
    },
  };
}

export type MaintenanceCommands = ReturnType<typeof makeMaintenanceCommands>;
