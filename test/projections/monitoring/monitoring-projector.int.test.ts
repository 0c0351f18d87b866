import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import type { CheckSpec, MonitoringEvent } from '../../../domain/monitoring/index.ts';
import type { Actor } from '../../../domain/shared/index.ts';
import { monitoringProjector } from '../../../projections/monitoring/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
}

const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const monitoring = (t: ExecutionContext<Context>) =>
  projectorSpec(monitoringProjector, t.context.database)(t);

const groupId = 'a0000000-0000-4000-8000-000000000001';
const serverId = 'b0000000-0000-4000-8000-000000000001';
const parentId = 'b0000000-0000-4000-8000-000000000002';
const checkId = 'c1000000-0000-4000-8000-000000000001';
const windowId = 'd1000000-0000-4000-8000-000000000001';
const incidentId = `${checkId}:100`;

const time = (minute: number) => `2026-12-03T07:${String(minute).padStart(2, '0')}:00.000Z`;
const event = (e: MonitoringEvent, minute = 0, actor?: Actor): NewEvent => ({
  ...e,
  metadata: { ...testMetadata, occurredAt: time(minute), ...(actor ? { actor } : {}) },
});

const tcp: CheckSpec = {
  checkId,
  definition: { kind: 'tcp', host: 'db1.corp.example', port: 5432 },
  timing: {
    intervalSeconds: 60,
    timeoutSeconds: 10,
    retries: 1,
    retryIntervalSeconds: 20,
    resendIntervalSeconds: 0,
  },
};

const history = () => {
  const log = recordedLog();
  const group = (e: MonitoringEvent, minute = 0) =>
    log.append(`monitoring-group-${groupId}`, [event(e, minute)]);
  const server = (e: MonitoringEvent, minute = 0) =>
    log.append(`monitoring-server-${serverId}`, [event(e, minute)]);
  const check = (e: MonitoringEvent, minute = 0, actor?: Actor) =>
    log.append(`monitoring-check-${checkId}`, [event(e, minute, actor)]);
  return { log, group, server, check };
};

const registered = (): MonitoringEvent => ({
  type: 'ServerRegistered',
  data: { serverId, name: 'db1', host: 'db1.corp.example', groupId, parentId: null, checks: [tcp] },
});

const base = () => {
  const h = history();
  const events = [
    ...h.group({ type: 'ServerGroupCreated', data: { groupId, name: 'Базы', statusRule: { kind: 'any' } } }),
    ...h.server(registered()),
  ];
  return { ...h, events };
};

const CHECK = `select server_id, kind, definition, timing, status, state, state_since, failures, first_error,
  last_error, open_incident_id, maintenance_window_ids from monitoring.checks`;
const INCIDENT = `select id, check_id, server_id, opened_at, failing_since, first_error, parent_down_id,
  acknowledged_at, acknowledged_by_kind, acknowledged_by_id, acknowledged_by_name, closed_at, close_reason, duration_seconds from monitoring.incidents`;

test('a group routed to a chat topic, with quiet hours and a rule, renamed', async (t) => {
  const { group, events } = base();
  await monitoring(t)
    .given(events)
    .when([
      ...group({ type: 'ServerGroupRenamed', data: { groupId, from: 'Базы', to: 'Базы данных' } }, 1),
      ...group(
        {
          type: 'ServerGroupAlertsRouted',
          data: { groupId, from: null, to: { chatId: -1001234567890, messageThreadId: 42 } },
        },
        2,
      ),
      ...group(
        {
          type: 'ServerGroupQuietHoursSet',
          data: { groupId, from: null, to: { from: '22:00', until: '07:00', timeZone: 'Europe/Moscow' } },
        },
        3,
      ),
      ...group(
        {
          type: 'ServerGroupStatusRuleSet',
          data: { groupId, from: { kind: 'any' }, to: { kind: 'atLeast', count: 2 } },
        },
        4,
      ),
    ])
    .thenRows(
      'select name, chat_id, message_thread_id, quiet_hours, status_rule, status, updated_at from monitoring.groups',
      [
        {
          name: 'Базы данных',
          chat_id: '-1001234567890',
          message_thread_id: '42',
          quiet_hours: { from: '22:00', until: '07:00', timeZone: 'Europe/Moscow' },
          status_rule: { kind: 'atLeast', count: 2 },
          status: 'active',
          updated_at: new Date(time(4)),
        },
      ],
    );
});

test('a server registered with its check, renamed, moved, paused, made to depend on a parent', async (t) => {
  const { server, events } = base();
  await monitoring(t)
    .given(events)
    .when([
      ...server({ type: 'ServerRenamed', data: { serverId, from: 'db1', to: 'db-main' } }, 1),
      ...server(
        {
          type: 'ServerHostChanged',
          data: {
            serverId,
            from: 'db1.corp.example',
            to: '10.0.0.5',
            checks: [{ ...tcp, definition: { kind: 'tcp', host: '10.0.0.5', port: 5432 } }],
          },
        },
        2,
      ),
      ...server({ type: 'ServerParentChanged', data: { serverId, from: null, to: parentId } }, 3),
      ...server({ type: 'ServerMovedToGroup', data: { serverId, from: groupId, to: null } }, 4),
      ...server({ type: 'ServerPaused', data: { serverId } }, 5),
    ])
    .thenRows(
      `select s.name, s.host, s.group_id, s.parent_id, s.status, c.definition
       from monitoring.servers s join monitoring.checks c on c.server_id = s.id`,
      [
        {
          name: 'db-main',
          host: '10.0.0.5',
          group_id: null,
          parent_id: parentId,
          status: 'paused',
          definition: { kind: 'tcp', host: '10.0.0.5', port: 5432 },
        },
      ],
    );
});

test('a check is unknown until its first result, then pending with its failures, then down with an incident', async (t) => {
  const { check, events } = base();
  await monitoring(t)
    .given(events)
    .when([
      ...check(
        {
          type: 'CheckWentPending',
          data: {
            checkId,
            serverId,
            slot: 99,
            at: time(1),
            failures: 1,
            retries: 1,
            error: 'connection refused',
            failingSince: time(1),
          },
        },
        1,
      ),
      ...check(
        {
          type: 'ServerWentDown',
          data: {
            checkId,
            serverId,
            slot: 100,
            at: time(2),
            incidentId,
            from: 'pending',
            error: 'timed out',
            failingSince: time(1),
            firstError: 'connection refused',
            parentDown: { serverId: parentId, since: time(0) },
          },
        },
        2,
      ),
    ])
    .thenRows(`${CHECK} where id = '${checkId}'`, [
      {
        server_id: serverId,
        kind: 'tcp',
        definition: tcp.definition,
        timing: tcp.timing,
        status: 'active',
        state: 'down',
        state_since: new Date(time(2)),
        failures: 0,
        first_error: 'connection refused',
        last_error: 'timed out',
        open_incident_id: incidentId,
        maintenance_window_ids: [],
      },
    ]);
});

const wentDown = (minute: number): MonitoringEvent => ({
  type: 'ServerWentDown',
  data: {
    checkId,
    serverId,
    slot: 100,
    at: time(minute),
    incidentId,
    from: 'up',
    error: 'connection refused',
    failingSince: time(minute),
    firstError: 'connection refused',
    parentDown: null,
  },
});

test('an incident acknowledged by a person (kept by kind and id), then closed by the recovery with its duration', async (t) => {
  const { check, events } = base();
  const admin: Actor = { kind: 'admin', id: 'u1', name: 'admin' };
  await monitoring(t)
    .given([...events, ...check(wentDown(1), 1)])
    .when([
      ...check(
        { type: 'IncidentAcknowledged', data: { checkId, serverId, incidentId, at: time(2) } },
        2,
        admin,
      ),
      ...check(
        {
          type: 'ServerRecovered',
          data: {
            checkId,
            serverId,
            slot: 104,
            at: time(5),
            incidentId,
            downSince: time(1),
            downForSeconds: 240,
            firstError: 'connection refused',
            acknowledged: true,
          },
        },
        5,
      ),
    ])
    .thenRows(INCIDENT, [
      {
        id: incidentId,
        check_id: checkId,
        server_id: serverId,
        opened_at: new Date(time(1)),
        failing_since: new Date(time(1)),
        first_error: 'connection refused',
        parent_down_id: null,
        acknowledged_at: new Date(time(2)),
        // A person's name is not kept: the queries read it from the users' read model while it is known.
        acknowledged_by_kind: 'admin',
        acknowledged_by_id: 'u1',
        acknowledged_by_name: null,
        closed_at: new Date(time(5)),
        close_reason: 'recovered',
        duration_seconds: 240,
      },
    ]);
});

test('maintenance closes an open incident silently and its end leaves the check unknown', async (t) => {
  const { check, events, log } = base();
  const scheduled = log.append(`monitoring-maintenance-${windowId}`, [
    event({
      type: 'MaintenanceWindowScheduled',
      data: {
        windowId,
        target: { kind: 'server', serverId },
        schedule: { kind: 'once', from: time(3), until: time(33) },
        reason: 'обновление',
      },
    }),
  ]);
  const given = [...events, ...check(wentDown(1), 1), ...scheduled];
  const start = check(
    {
      type: 'MaintenanceStarted',
      data: {
        checkId,
        serverId,
        windowId,
        at: time(3),
        from: 'down',
        closedIncident: { incidentId, downSince: time(1), firstError: 'connection refused' },
      },
    },
    3,
  );
  await monitoring(t)
    .given(given)
    .when(start)
    .thenRows(
      `select c.state, c.state_since, c.open_incident_id, c.maintenance_window_ids, i.close_reason,
         i.duration_seconds from monitoring.checks c join monitoring.incidents i on i.check_id = c.id`,
      [
        {
          state: 'maintenance',
          state_since: new Date(time(3)),
          open_incident_id: null,
          maintenance_window_ids: [windowId],
          close_reason: 'maintenance',
          duration_seconds: 120,
        },
      ],
    );
  await monitoring(t)
    .given([...given, ...start])
    .when([
      ...check(
        {
          type: 'MaintenanceEnded',
          data: { checkId, serverId, windowId, at: time(10), remainingWindowIds: [] },
        },
        10,
      ),
      ...log.append(`monitoring-maintenance-${windowId}`, [
        event({ type: 'MaintenanceWindowEnded', data: { windowId, at: time(10) } }, 10),
      ]),
    ])
    .thenRows(
      `select c.state, c.state_since, w.status, w.ended_at, w.reason, w.target_kind, w.server_id, w.schedule,
         w.created_by_kind, w.created_by_name from monitoring.checks c, monitoring.maintenance_windows w`,
      [
        {
          state: 'unknown',
          state_since: new Date(time(10)),
          status: 'ended',
          ended_at: new Date(time(10)),
          reason: 'обновление',
          target_kind: 'server',
          server_id: serverId,
          schedule: { kind: 'once', from: time(3), until: time(33) },
          // Not a person: a CLI account's name is kept.
          created_by_kind: 'cli',
          created_by_name: 'Test Runner',
        },
      ],
    );
});

test('a removed server removes its checks; the retired check closes its incident silently', async (t) => {
  const { server, check, events } = base();
  await monitoring(t)
    .given([...events, ...check(wentDown(1), 1)])
    .when([
      ...server({ type: 'ServerRemoved', data: { serverId, checkIds: [checkId] } }, 4),
      ...check(
        {
          type: 'CheckRetired',
          data: {
            checkId,
            serverId,
            at: time(4),
            closedIncident: { incidentId, downSince: time(1), firstError: 'connection refused' },
          },
        },
        4,
      ),
    ])
    .thenRows(
      `select s.status server, c.status "check", c.state, i.close_reason, i.duration_seconds
       from monitoring.servers s join monitoring.checks c on c.server_id = s.id
       join monitoring.incidents i on i.check_id = c.id`,
      [
        {
          server: 'removed',
          check: 'removed',
          state: 'retired',
          close_reason: 'retired',
          duration_seconds: 180,
        },
      ],
    );
});

test('a certificate warned about shows its end until it is renewed', async (t) => {
  const { check, events } = base();
  const cert = (type: 'CertificateExpiring' | 'CertificateRenewed', validTo: string, minute: number) =>
    check({ type, data: { checkId, serverId, slot: minute, at: time(minute), validTo } }, minute);
  const expiring = cert('CertificateExpiring', '2026-12-06T00:00:00.000Z', 1);
  await monitoring(t)
    .given(events)
    .when(expiring)
    .thenRows('select certificate_valid_to, certificate_expiring from monitoring.checks', [
      { certificate_valid_to: new Date('2026-12-06T00:00:00.000Z'), certificate_expiring: true },
    ]);
  await monitoring(t)
    .given([...events, ...expiring])
    .when(cert('CertificateRenewed', '2027-03-06T00:00:00.000Z', 2))
    .thenRows('select certificate_valid_to, certificate_expiring from monitoring.checks', [
      { certificate_valid_to: new Date('2027-03-06T00:00:00.000Z'), certificate_expiring: false },
    ]);
});

test('given a paused check, a window starting keeps it paused, the resume inside it shows maintenance, a window ending while paused keeps it paused (F18)', async (t) => {
  const { check, events } = base();
  const ref = { checkId, serverId };
  const paused = [
    ...events,
    ...check({ type: 'CheckWentUp', data: { ...ref, slot: 1, at: time(1), from: 'unknown' } }, 1),
    ...check({ type: 'CheckPaused', data: { ...ref, at: time(2), closedIncident: null } }, 2),
  ];
  const started = check(
    {
      type: 'MaintenanceStarted',
      data: { ...ref, windowId, at: time(3), from: 'paused', closedIncident: null },
    },
    3,
  );
  const STATE = `select state, state_since, maintenance_window_ids from monitoring.checks`;
  await monitoring(t)
    .given(paused)
    .when(started)
    .thenRows(STATE, [{ state: 'paused', state_since: new Date(time(2)), maintenance_window_ids: [] }]);
  await monitoring(t)
    .given([...paused, ...started])
    .when(check({ type: 'CheckResumed', data: { ...ref, at: time(4), windowIds: [windowId] } }, 4))
    .thenRows(STATE, [
      { state: 'maintenance', state_since: new Date(time(4)), maintenance_window_ids: [windowId] },
    ]);
  await monitoring(t)
    .given([...paused, ...started])
    .when(
      check({ type: 'MaintenanceEnded', data: { ...ref, windowId, at: time(5), remainingWindowIds: [] } }, 5),
    )
    .thenRows(STATE, [{ state: 'paused', state_since: new Date(time(2)), maintenance_window_ids: [] }]);
});
