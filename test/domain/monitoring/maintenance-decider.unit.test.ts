import test from 'ava';
import {
  type MaintenanceWindowCommand,
  type MaintenanceWindowEvent,
  isOnceWindowOn,
  maintenanceWindowDecider,
} from '../../../domain/monitoring/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(maintenanceWindowDecider);
const windowId = 'e0000000-0000-4000-8000-000000000001';
const serverId = 'b0000000-0000-4000-8000-000000000001';
const groupId = 'a0000000-0000-4000-8000-000000000001';
// metadata.occurredAt is 2026-11-24T12:00:00Z.
const once = { kind: 'once', from: '2026-11-24T12:00:00Z', until: '2026-11-24T12:30:00+00:00' } as const;
const weekly = {
  kind: 'recurring',
  cron: ' 0  3 * * 0 ',
  timeZone: 'Europe/Moscow',
  durationMinutes: 60,
} as const;
const fires = { valid: true, nextStartAt: '2026-11-29T00:00:00.000Z' } as const;
const server = { kind: 'server', serverId, status: 'active' } as const;
const command = <C extends MaintenanceWindowCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;
const schedule = (
  data: Partial<Extract<MaintenanceWindowCommand, { type: 'ScheduleMaintenanceWindow' }>['data']>,
) => command('ScheduleMaintenanceWindow', { windowId, target: server, schedule: once, cron: null, ...data });
const scheduled: MaintenanceWindowEvent = {
  type: 'MaintenanceWindowScheduled',
  data: {
    windowId,
    target: { kind: 'server', serverId },
    schedule: { kind: 'once', from: '2026-11-24T12:00:00.000Z', until: '2026-11-24T12:30:00.000Z' },
    reason: 'Замена диска',
  },
};

test('schedules a one-off window of a server, its instants in UTC', (t) => {
  spec(t)
    .given([])
    .when(schedule({ reason: ' Замена диска ' }))
    .then([scheduled]);
  t.true(isOnceWindowOn(scheduled.data.schedule, '2026-11-24T12:29:59.999Z'));
  t.false(isOnceWindowOn(scheduled.data.schedule, '2026-11-24T12:30:00.000Z'));
});

test('refuses a period that ends before it starts, is over already, or is no instant', (t) => {
  for (const bad of [
    { ...once, until: '2026-11-24T11:00:00Z' },
    { kind: 'once', from: '2026-11-24T10:00:00Z', until: '2026-11-24T11:00:00Z' } as const,
    { ...once, from: 'tomorrow' },
    { ...once, until: '2027-06-01T00:00:00Z' },
  ]) {
    spec(t)
      .given([])
      .when(schedule({ schedule: bad }))
      .thenThrows('MAINTENANCE.INVALID_PERIOD');
  }
});

test('schedules a recurring window of a group by cron in a time zone', (t) => {
  spec(t)
    .given([])
    .when(schedule({ target: { kind: 'group', groupId, status: 'active' }, schedule: weekly, cron: fires }))
    .then([
      {
        type: 'MaintenanceWindowScheduled',
        data: {
          windowId,
          target: { kind: 'group', groupId },
          schedule: { ...weekly, cron: '0 3 * * 0' },
          reason: null,
        },
      },
    ]);
});

test('refuses a cron expression that never fires, cannot be read, or has not five fields', (t) => {
  spec(t)
    .given([])
    .when(schedule({ schedule: { ...weekly, cron: '0 0 30 2 *' }, cron: { valid: true, nextStartAt: null } }))
    .thenThrows('MAINTENANCE.CRON_NEVER_FIRES');
  spec(t)
    .given([])
    .when(schedule({ schedule: weekly, cron: { valid: false, problem: 'expression', message: 'bad' } }))
    .thenThrows('MAINTENANCE.INVALID_CRON');
  for (const cron of ['* * * *', '0 * * * * *', '0 3 * * вс']) {
    spec(t)
      .given([])
      .when(schedule({ schedule: { ...weekly, cron }, cron: fires }))
      .thenThrows('MAINTENANCE.INVALID_CRON');
  }
});

test('refuses an unknown time zone and a duration outside a minute to a week', (t) => {
  spec(t)
    .given([])
    .when(schedule({ schedule: { ...weekly, timeZone: 'Mars/Olympus' }, cron: fires }))
    .thenThrows('MAINTENANCE.INVALID_TIME_ZONE');
  for (const durationMinutes of [0, 7 * 24 * 60 + 1, 1.5]) {
    spec(t)
      .given([])
      .when(schedule({ schedule: { ...weekly, durationMinutes }, cron: fires }))
      .thenThrows('MAINTENANCE.INVALID_DURATION');
  }
});

test('refuses a target that does not exist or is removed', (t) => {
  spec(t)
    .given([])
    .when(schedule({ target: { ...server, status: 'none' } }))
    .thenThrows('MAINTENANCE.TARGET_NOT_FOUND');
  spec(t)
    .given([])
    .when(schedule({ target: { kind: 'group', groupId, status: 'removed' } }))
    .thenThrows('MAINTENANCE.TARGET_NOT_FOUND');
  spec(t).given([scheduled]).when(schedule({})).thenThrows('MAINTENANCE.ALREADY_EXISTS');
});

test('ends a window early, once; a window already over needs no end', (t) => {
  const ended: MaintenanceWindowEvent = {
    type: 'MaintenanceWindowEnded',
    data: { windowId, at: metadata.occurredAt },
  };
  spec(t).given([scheduled]).when(command('EndMaintenanceWindow', { windowId })).then([ended]);
  spec(t).given([scheduled, ended]).when(command('EndMaintenanceWindow', { windowId })).then([]);
  const past: MaintenanceWindowEvent = {
    ...scheduled,
    data: {
      ...scheduled.data,
      schedule: { kind: 'once', from: '2026-11-24T10:00:00.000Z', until: '2026-11-24T11:00:00.000Z' },
    },
  };
  spec(t).given([past]).when(command('EndMaintenanceWindow', { windowId })).then([]);
  spec(t).given([]).when(command('EndMaintenanceWindow', { windowId })).thenThrows('MAINTENANCE.NOT_FOUND');
});
