import type { Event } from '../shared/index.ts';
import type { MaintenanceSchedule, MaintenanceTarget } from './maintenance-schedule.ts';

export type MaintenanceWindowScheduled = Event<
  'MaintenanceWindowScheduled',
  { windowId: string; target: MaintenanceTarget; schedule: MaintenanceSchedule; reason: string | null }
>;
/** Ended for good at `at` (before its time, or a recurring one that is not wanted any more). */
export type MaintenanceWindowEnded = Event<'MaintenanceWindowEnded', { windowId: string; at: string }>;

export type MaintenanceWindowEvent = MaintenanceWindowScheduled | MaintenanceWindowEnded;

export const MAINTENANCE_WINDOW_EVENT_TYPES: readonly MaintenanceWindowEvent['type'][] = [
  'MaintenanceWindowScheduled',
  'MaintenanceWindowEnded',
];
