import test from 'ava';
import {
  type CheckStateCommand,
  type CheckStateEvent,
  type ProbeObservation,
  checkStateDecider,
  incidentIdOf,
} from '../../../domain/monitoring/index.ts';
import { fold } from '../../../domain/shared/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(checkStateDecider);
const checkId = 'c0000000-0000-4000-8000-000000000001';
const serverId = 'b0000000-0000-4000-8000-000000000001';
const parentId = 'b0000000-0000-4000-8000-000000000002';
const windowId = 'e0000000-0000-4000-8000-000000000001';
const ref = { checkId, serverId };
const now = metadata.occurredAt;

/** Slot `n` of a 60 s check, probed at its start. */
const at = (slot: number) => new Date(slot * 60_000).toISOString();
const probe = (slot: number, status: 'up' | 'down', retries = 2, extra: Partial<ProbeObservation> = {}) => ({
  slot,
  at: at(slot),
  status,
  error: status === 'down' ? `connect ECONNREFUSED (slot ${slot})` : null,
  retries,
  parentDown: null,
  ...extra,
});
const record = (slot: number, status: 'up' | 'down', retries = 2, extra: Partial<ProbeObservation> = {}) =>
  ({
    type: 'RecordProbeResult',
    data: { ...ref, probe: probe(slot, status, retries, extra) },
    metadata,
  }) as const;
const command = <C extends CheckStateCommand>(
  type: C['type'],
  data: Omit<C['data'], 'checkId' | 'serverId'>,
) => ({ type, data: { ...ref, ...data }, metadata }) as C;

/** The events the results produce, one after another, as the store would hold them. */
const run = (...commands: CheckStateCommand[]): CheckStateEvent[] =>
  commands.reduce<CheckStateEvent[]>(
    (events, next) => [...events, ...checkStateDecider.decide(next, fold(checkStateDecider, events))],
    [],
  );

const up: CheckStateEvent = { type: 'CheckWentUp', data: { ...ref, slot: 1, at: at(1), from: 'unknown' } };
const pending = (slot: number, failures: number, failingSince = at(2), when = at(slot)): CheckStateEvent => ({
  type: 'CheckWentPending',
  data: {
    ...ref,
    slot,
    at: when,
    failures,
    retries: 2,
    error: `connect ECONNREFUSED (slot ${slot})`,
    failingSince,
  },
});
const down: CheckStateEvent = {
  type: 'ServerWentDown',
  data: {
    ...ref,
    slot: 4,
    at: at(4),
    incidentId: incidentIdOf(checkId, 4),
    from: 'pending',
    error: 'connect ECONNREFUSED (slot 4)',
    failingSince: at(2),
    firstError: 'connect ECONNREFUSED (slot 2)',
    parentDown: null,
  },
};
const wentDown = [up, pending(2, 1), pending(3, 2), down];

test('a first success is UP; more successes change nothing', (t) => {
  spec(t).given([]).when(record(1, 'up')).then([up]);
  spec(t).given([up]).when(record(2, 'up')).then([]);
});

test('failures below the retries are PENDING, silent; the one that reaches them is DOWN', (t) => {
  t.deepEqual(run(record(1, 'up'), record(2, 'down'), record(3, 'down'), record(4, 'down')), wentDown);
});

test('while DOWN, further failures emit nothing', (t) => {
  spec(t).given(wentDown).when(record(5, 'down')).then([]);
});

test('without retries, the first failure is DOWN at once, from UP', (t) => {
  spec(t)
    .given([up])
    .when(record(2, 'down', 0))
    .then([
      {
        type: 'ServerWentDown',
        data: {
          ...ref,
          slot: 2,
          at: at(2),
          incidentId: incidentIdOf(checkId, 2),
          from: 'up',
          error: 'connect ECONNREFUSED (slot 2)',
          failingSince: at(2),
          firstError: 'connect ECONNREFUSED (slot 2)',
          parentDown: null,
        },
      },
    ]);
});

test('a success while PENDING goes back UP, silently, and the count starts over', (t) => {
  const events = run(
    record(1, 'up'),
    record(2, 'down'),
    record(3, 'up'),
    record(4, 'down'),
    record(5, 'down'),
  );
  t.deepEqual(
    events.map((event) => event.type),
    ['CheckWentUp', 'CheckWentPending', 'CheckWentUp', 'CheckWentPending', 'CheckWentPending'],
  );
  t.like(events[2], { data: { from: 'pending' } });
  t.like(events[4], { data: { failures: 2, failingSince: at(4) } });
});

test('recovers with how long it was down and the first error of the run', (t) => {
  spec(t)
    .given(wentDown)
    .when(record(9, 'up'))
    .then([
      {
        type: 'ServerRecovered',
        data: {
          ...ref,
          slot: 9,
          at: at(9),
          incidentId: incidentIdOf(checkId, 4),
          downSince: at(4),
          downForSeconds: 300,
          firstError: 'connect ECONNREFUSED (slot 2)',
          acknowledged: false,
        },
      },
    ]);
});

test('a DOWN names its parent when the parent is down, so that its alert is held back', (t) => {
  const parentDown = { serverId: parentId, since: at(1) };
  const [event] = checkStateDecider.decide(
    record(2, 'down', 0, { parentDown }),
    fold(checkStateDecider, [up]),
  );
  t.like(event, { type: 'ServerWentDown', data: { parentDown } });
});

test('a result older than the last change, from a stale scheduler, changes nothing', (t) => {
  spec(t).given(wentDown).when(record(3, 'up')).then([]);
  // A retry within the slot of the last change, probed later, still counts.
  const retryAt = new Date(Date.parse(at(2)) + 10_000).toISOString();
  spec(t)
    .given([up, pending(2, 1)])
    .when(record(2, 'down', 2, { at: retryAt }))
    .then([pending(2, 2, at(2), retryAt)]);
});

/** A time `seconds` into slot `slot` of a 60 s check. */
const into = (slot: number, seconds: number) => new Date(Date.parse(at(slot)) + seconds * 1000).toISOString();

test('given PENDING, PENDING, DOWN within one slot, when a stale node reports that slot up, nothing changes (F1)', (t) => {
  const retriesInSlot4: CheckStateEvent[] = [
    up,
    pending(4, 1, at(4)),
    pending(4, 2, at(4), into(4, 10)),
    {
      ...down,
      data: {
        ...down.data,
        at: into(4, 20),
        failingSince: at(4),
        firstError: 'connect ECONNREFUSED (slot 4)',
      },
    },
  ];
  // The stale node probed before the live node's decision, or after it: either way nothing is appended.
  spec(t)
    .given(retriesInSlot4)
    .when(record(4, 'up', 2, { at: into(4, 15) }))
    .then([]);
  spec(t)
    .given(retriesInSlot4)
    .when(record(4, 'up', 2, { at: into(4, 30) }))
    .then([]);
  // The next slot's success is a recovery.
  const [next] = checkStateDecider.decide(record(5, 'up'), fold(checkStateDecider, retriesInSlot4));
  t.like(next, { type: 'ServerRecovered', data: { slot: 5 } });
});

test('given a DOWN check at 60 s, when its interval becomes 600 s, the results of the new slots still recover it (F2)', (t) => {
  // Slot numbers at 600 s are ten times smaller than at 60 s: only time orders them.
  const hourLater = Date.parse(at(4)) + 3_600_000;
  const slot600 = Math.floor(hourLater / 600_000);
  const [recovered] = checkStateDecider.decide(
    record(slot600, 'up', 2, { at: new Date(hourLater).toISOString() }),
    fold(checkStateDecider, wentDown),
  );
  t.like(recovered, { type: 'ServerRecovered', data: { slot: slot600 } });
  // …and an UP check at 600 s still goes PENDING on a failure.
  const upAt60: CheckStateEvent[] = [{ ...up, data: { ...up.data, slot: 40, at: at(40) } }];
  const later = Date.parse(at(40)) + 3_600_000;
  const [failing] = checkStateDecider.decide(
    record(Math.floor(later / 600_000), 'down', 2, { at: new Date(later).toISOString() }),
    fold(checkStateDecider, upAt60),
  );
  t.like(failing, { type: 'CheckWentPending', data: { failures: 1 } });
});

test('a first result that fails with no retries is DOWN from unknown', (t) => {
  const [event] = checkStateDecider.decide(record(1, 'down', 0), checkStateDecider.initialState());
  t.like(event, { type: 'ServerWentDown', data: { from: 'unknown' } });
});

test('an error text is stripped of control characters and bounded; none at all reads "down"', (t) => {
  const [long] = checkStateDecider.decide(
    record(2, 'down', 0, { error: `bad\u0000answer ${'x'.repeat(1000)}` }),
    fold(checkStateDecider, [up]),
  );
  t.like(long, { data: { error: `bad answer ${'x'.repeat(489)}` } });
  const [none] = checkStateDecider.decide(
    record(2, 'down', 0, { error: null }),
    fold(checkStateDecider, [up]),
  );
  t.like(none, { data: { error: 'down', firstError: 'down' } });
});

test('maintenance silences the check; an open incident ends silently as it starts', (t) => {
  const started: CheckStateEvent = {
    type: 'MaintenanceStarted',
    data: {
      ...ref,
      windowId,
      at: now,
      from: 'down',
      closedIncident: {
        incidentId: incidentIdOf(checkId, 4),
        downSince: at(4),
        firstError: 'connect ECONNREFUSED (slot 2)',
      },
    },
  };
  spec(t).given(wentDown).when(command('StartMaintenance', { windowId })).then([started]);
  spec(t)
    .given([...wentDown, started])
    .when(command('StartMaintenance', { windowId }))
    .then([]);
  spec(t)
    .given([...wentDown, started])
    .when(record(5, 'up'))
    .then([]);
  spec(t)
    .given([...wentDown, started])
    .when(record(5, 'down'))
    .then([]);
});

test('the end of maintenance re-evaluates at once: MAINTENANCE→DOWN is an alert', (t) => {
  const started: CheckStateEvent = {
    type: 'MaintenanceStarted',
    data: { ...ref, windowId, at: now, from: 'up', closedIncident: null },
  };
  const ended: CheckStateEvent = {
    type: 'MaintenanceEnded',
    data: { ...ref, windowId, at: now, remainingWindowIds: [] },
  };
  const [first, second] = checkStateDecider.decide(
    command('EndMaintenance', { windowId, probe: probe(7, 'down', 0) }),
    fold(checkStateDecider, [up, started]),
  );
  t.deepEqual(first, ended);
  t.like(second, { type: 'ServerWentDown', data: { from: 'maintenance', slot: 7 } });
  spec(t)
    .given([up, started])
    .when(command('EndMaintenance', { windowId, probe: probe(7, 'up') }))
    .then([ended, { type: 'CheckWentUp', data: { ...ref, slot: 7, at: at(7), from: 'maintenance' } }]);
  // Without a result at the end, the next one decides; with retries it is PENDING first.
  spec(t)
    .given([up, started])
    .when(command('EndMaintenance', { windowId, probe: null }))
    .then([ended]);
  const [next] = checkStateDecider.decide(record(8, 'down'), fold(checkStateDecider, [up, started, ended]));
  t.like(next, { type: 'CheckWentPending', data: { failures: 1 } });
});

test('overlapping windows: maintenance lasts until the last of them ends', (t) => {
  const otherId = 'e0000000-0000-4000-8000-000000000002';
  const events = run(
    record(1, 'up'),
    command('StartMaintenance', { windowId }),
    command('StartMaintenance', { windowId: otherId }),
    command('EndMaintenance', { windowId, probe: probe(5, 'down', 0) }),
  );
  t.like(events.at(-1), { type: 'MaintenanceEnded', data: { remainingWindowIds: [otherId] } });
  t.like(events.at(-2), { type: 'MaintenanceStarted', data: { windowId: otherId, from: 'maintenance' } });
  t.deepEqual(checkStateDecider.decide(record(6, 'down', 0), fold(checkStateDecider, events)), []);
  spec(t)
    .given(events)
    .when(command('EndMaintenance', { windowId, probe: null }))
    .then([]);
});

test('acknowledges the open incident once; a closed or other incident is refused', (t) => {
  const incidentId = incidentIdOf(checkId, 4);
  const acknowledged: CheckStateEvent = {
    type: 'IncidentAcknowledged',
    data: { ...ref, incidentId, at: now },
  };
  spec(t).given(wentDown).when(command('AcknowledgeIncident', { incidentId })).then([acknowledged]);
  spec(t)
    .given([...wentDown, acknowledged])
    .when(command('AcknowledgeIncident', { incidentId }))
    .then([]);
  spec(t).given([up]).when(command('AcknowledgeIncident', { incidentId })).thenThrows('INCIDENT.NOT_OPEN');
  spec(t)
    .given(wentDown)
    .when(command('AcknowledgeIncident', { incidentId: incidentIdOf(checkId, 3) }))
    .thenThrows('INCIDENT.NOT_OPEN');
  const [recovered] = checkStateDecider.decide(
    record(5, 'up'),
    fold(checkStateDecider, [...wentDown, acknowledged]),
  );
  t.like(recovered, { type: 'ServerRecovered', data: { acknowledged: true } });
});

test('a paused check is not evaluated; resumed, its next result decides afresh', (t) => {
  const events = run(
    ...[1, 2, 3, 4].map((slot) => record(slot, slot === 1 ? 'up' : 'down')),
    command('PauseCheck', {}),
  );
  t.like(events.at(-1), {
    type: 'CheckPaused',
    data: { closedIncident: { incidentId: incidentIdOf(checkId, 4) } },
  });
  spec(t).given(events).when(record(5, 'up')).then([]);
  spec(t).given(events).when(command('PauseCheck', {})).then([]);
  const resumed = [
    ...events,
    ...checkStateDecider.decide(command('ResumeCheck', {}), fold(checkStateDecider, events)),
  ];
  t.like(resumed.at(-1), { type: 'CheckResumed' });
  spec(t)
    .given(resumed)
    .when(record(6, 'up'))
    .then([{ type: 'CheckWentUp', data: { ...ref, slot: 6, at: at(6), from: 'paused' } }]);
});

test('a retired check ends its incident and takes no more results', (t) => {
  const [retired] = checkStateDecider.decide(command('RetireCheck', {}), fold(checkStateDecider, wentDown));
  t.like(retired, {
    type: 'CheckRetired',
    data: { closedIncident: { incidentId: incidentIdOf(checkId, 4) } },
  });
  const events = [...wentDown, ...(retired ? [retired] : [])];
  spec(t).given(events).when(record(9, 'up')).then([]);
  spec(t).given(events).when(command('StartMaintenance', { windowId })).then([]);
  spec(t).given(events).when(command('RetireCheck', {})).then([]);
});

test('an expiring certificate warns once per certificate; a renewal says so, once', (t) => {
  const validTo = '2026-12-06T00:00:00.000Z';
  const expiring = { tlsValidTo: validTo, tlsExpiring: true };
  const warned: CheckStateEvent = {
    type: 'CertificateExpiring',
    data: { ...ref, slot: 2, at: at(2), validTo },
  };
  spec(t)
    .given([up])
    .when(record(2, 'up', 2, expiring))
    .then([warned]);
  spec(t)
    .given([up, warned])
    .when(record(3, 'up', 2, expiring))
    .then([]);
  // A new certificate that expires soon too is another warning.
  const next = '2026-12-08T00:00:00.000Z';
  spec(t)
    .given([up, warned])
    .when(record(3, 'up', 2, { tlsValidTo: next, tlsExpiring: true }))
    .then([{ type: 'CertificateExpiring', data: { ...ref, slot: 3, at: at(3), validTo: next } }]);
  const renewed = { tlsValidTo: '2027-03-01T00:00:00.000Z', tlsExpiring: false };
  spec(t)
    .given([up, warned])
    .when(record(4, 'up', 2, renewed))
    .then([
      { type: 'CertificateRenewed', data: { ...ref, slot: 4, at: at(4), validTo: renewed.tlsValidTo } },
    ]);
  spec(t)
    .given([up])
    .when(record(4, 'up', 2, renewed))
    .then([]);
});

test('a first result warns of its certificate beside going UP; a failure says nothing of it', (t) => {
  const expiring = { tlsValidTo: '2026-12-06T00:00:00.000Z', tlsExpiring: true };
  t.deepEqual(
    checkStateDecider
      .decide(record(1, 'up', 2, expiring), checkStateDecider.initialState())
      .map((e) => e.type),
    ['CheckWentUp', 'CertificateExpiring'],
  );
  t.deepEqual(
    checkStateDecider
      .decide(record(2, 'down', 2, expiring), fold(checkStateDecider, [up]))
      .map((e) => e.type),
    ['CheckWentPending'],
  );
});

test('given a window on, when the server is paused and resumed inside it, a failure alerts nothing and the end re-evaluates (F18)', (t) => {
  const inWindow = run(
    record(1, 'up'),
    command('StartMaintenance', { windowId }),
    command('PauseCheck', {}),
    command('ResumeCheck', {}),
  );
  t.like(inWindow.at(-1), { type: 'CheckResumed', data: { windowIds: [windowId] } });
  t.like(fold(checkStateDecider, inWindow), { status: 'maintenance', windowIds: [windowId] });
  spec(t)
    .given(inWindow)
    .when(record(5, 'down', 0))
    .then([]);
  const [end, ...evaluated] = checkStateDecider.decide(
    command('EndMaintenance', { windowId, probe: probe(7, 'down', 0) }),
    fold(checkStateDecider, inWindow),
  );
  t.like(end, { type: 'MaintenanceEnded', data: { remainingWindowIds: [] } });
  t.like(evaluated, [{ type: 'ServerWentDown', data: { from: 'maintenance' } }]);
});

test('given a paused server, when a window starts, it is remembered: the resume inside it is maintenance, after it afresh (F18)', (t) => {
  const paused = run(record(1, 'up'), command('PauseCheck', {}), command('StartMaintenance', { windowId }));
  t.like(paused.at(-1), { type: 'MaintenanceStarted', data: { windowId, from: 'paused' } });
  t.like(fold(checkStateDecider, paused), { status: 'paused', windowIds: [windowId] });
  spec(t).given(paused).when(command('StartMaintenance', { windowId })).then([]);
  const inside = [
    ...paused,
    ...checkStateDecider.decide(command('ResumeCheck', {}), fold(checkStateDecider, paused)),
  ];
  t.like(fold(checkStateDecider, inside), { status: 'maintenance', windowIds: [windowId] });
  spec(t)
    .given(inside)
    .when(record(5, 'down', 0))
    .then([]);
  // The window ends while still paused: the check stays paused, and resumes afresh.
  const endedWhilePaused = [
    ...paused,
    ...checkStateDecider.decide(
      command('EndMaintenance', { windowId, probe: probe(6, 'down', 0) }),
      fold(checkStateDecider, paused),
    ),
  ];
  t.like(endedWhilePaused.at(-1), { type: 'MaintenanceEnded', data: { remainingWindowIds: [] } });
  t.like(fold(checkStateDecider, endedWhilePaused), { status: 'paused', windowIds: [] });
  const afresh = [
    ...endedWhilePaused,
    ...checkStateDecider.decide(command('ResumeCheck', {}), fold(checkStateDecider, endedWhilePaused)),
  ];
  t.like(fold(checkStateDecider, afresh), { status: 'unknown', after: 'paused' });
});
