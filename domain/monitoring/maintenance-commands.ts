import type { Command } from '../shared/index.ts';
import type { ServerStatus } from './server-commands.ts';
import type { ServerGroupStatus } from './server-group-commands.ts';
import type { CronEvaluation, MaintenanceSchedule, MaintenanceTarget } from './maintenance-schedule.ts';

/** The target with its status read from its stream just before. */
export type MaintenanceTargetRef =
  | (MaintenanceTarget & { readonly kind: 'server'; readonly status: ServerStatus })
  | (MaintenanceTarget & { readonly kind: 'group'; readonly status: ServerGroupStatus });

/** `cron`: the application's evaluation of a recurring schedule (`null` for a one-off one). */
export type ScheduleMaintenanceWindow = Command<
  'ScheduleMaintenanceWindow',
  {
    windowId: string;
    target: MaintenanceTargetRef;
    schedule: MaintenanceSchedule;
    reason?: string | null | undefined;
    cron: CronEvaluation | null;
  }
>;
export type EndMaintenanceWindow = Command<'EndMaintenanceWindow', { windowId: string }>;

export type MaintenanceWindowCommand = ScheduleMaintenanceWindow | EndMaintenanceWindow;
