import test from 'ava';
import {
  type ObserveSelfCheck,
  type SelfCheckDetail,
  type SelfWatchEvent,
  SELF_CHECK_TEXT_LIMITS,
  selfCheckSubject,
  selfWatchDecider,
} from '../../../domain/monitoring/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(selfWatchDecider);
const T0 = '2026-11-24T12:00:00.000Z';
const T1 = '2026-11-24T12:05:30.000Z';
const late: SelfCheckDetail = { condition: 'checks-late', late: 37, ran: 1200, windowMinutes: 5 };

const observe = (failing: SelfCheckDetail | null, at = T0, subject = 'n2'): ObserveSelfCheck => ({
  type: 'ObserveSelfCheck',
  data: { condition: 'checks-late', subject, failing },
  metadata: { ...testMetadata, occurredAt: at },
});
const failed = (episode: number, since = T0): SelfWatchEvent => ({
  type: 'SelfCheckFailed',
  data: { condition: 'checks-late', subject: 'n2', episode, since, detail: late },
});
const recovered = (episode: number, ended: 'cleared' | 'gone' = 'cleared'): SelfWatchEvent => ({
  type: 'SelfCheckRecovered',
  data: { condition: 'checks-late', subject: 'n2', episode, since: T0, at: T1, failedForSeconds: 330, ended },
});

test('a condition seen failing while clear starts episode 1, since now', (t) => {
  spec(t)
    .given([])
    .when(observe(late))
    .then([failed(1)]);
});

test('a condition still failing is no event, whatever its figures say now', (t) => {
  spec(t)
    .given([failed(1)])
    .when(observe({ ...late, late: 120 }, T1))
    .then([]);
});

test('a failing condition seen clear recovers, saying how long it failed', (t) => {
  spec(t)
    .given([failed(1)])
    .when(observe(null, T1))
    .then([recovered(1)]);
});

test('a failing subject that is gone ends its episode as gone, whatever was seen of it last', (t) => {
  spec(t)
    .given([failed(1)])
    .when({ ...observe(late, T1), data: { ...observe(late, T1).data, gone: true } })
    .then([recovered(1, 'gone')]);
  spec(t)
    .given([])
    .when({ ...observe(late), data: { ...observe(late).data, gone: true } })
    .then([]);
});

test('a clear condition seen clear is no event', (t) => {
  spec(t).given([]).when(observe(null)).then([]);
  spec(t)
    .given([failed(1), recovered(1)])
    .when(observe(null, T1))
    .then([]);
});

test('failing again after a recovery is the next episode', (t) => {
  spec(t)
    .given([failed(1), recovered(1)])
    .when(observe(late, T1))
    .then([failed(2, T1)]);
});

test('the detail is bounded: whole non-negative figures, no control characters, texts cut', (t) => {
  const events = selfWatchDecider.decide(
    {
      type: 'ObserveSelfCheck',
      data: {
        condition: 'projection-parked',
        subject: 'employees',
        failing: {
          condition: 'projection-parked',
          eventType: 'EmployeeHired\u0000\u001b[31m',
          error: `TypeError ${'x'.repeat(1000)}`,
        },
      },
      metadata: testMetadata,
    },
    selfWatchDecider.initialState(),
  );
  const detail = events[0]?.type === 'SelfCheckFailed' ? events[0].data.detail : null;
  if (detail?.condition !== 'projection-parked') return t.fail('a parked detail');
  t.false(/\p{Cc}/u.test(detail.eventType));
  t.is(detail.error.length, SELF_CHECK_TEXT_LIMITS.error);

  const unsent = selfWatchDecider.decide(
    {
      type: 'ObserveSelfCheck',
      data: {
        condition: 'alerts-unsent',
        subject: 'cluster',
        failing: { condition: 'alerts-unsent', unsent: -3, oldestMinutes: 12.6, lastError: '  ' },
      },
      metadata: testMetadata,
    },
    selfWatchDecider.initialState(),
  );
  t.deepEqual(unsent[0]?.data, {
    condition: 'alerts-unsent',
    subject: 'cluster',
    episode: 1,
    since: testMetadata.occurredAt,
    detail: { condition: 'alerts-unsent', unsent: 0, oldestMinutes: 13, lastError: null },
  });
});

test('a subject keeps the characters of a node id or a projection name only, 64 at most', (t) => {
  t.is(selfCheckSubject('node-2.eu:a_b'), 'node-2.eu:a_b');
  t.is(selfCheckSubject('n 2/ü'), 'n_2__');
  t.is(selfCheckSubject(''), '-');
  t.is(selfCheckSubject('n'.repeat(100)).length, 64);
  spec(t)
    .given([])
    .when(observe(late, T0, 'n2\u0000'))
    .then([
      {
        type: 'SelfCheckFailed',
        data: { condition: 'checks-late', subject: 'n2_', episode: 1, since: T0, detail: late },
      },
    ]);
});

test('a detail of another condition is a bug of ours, refused loudly', (t) => {
  t.throws(() =>
    selfWatchDecider.decide(
      {
        type: 'ObserveSelfCheck',
        data: { condition: 'alerts-unsent', subject: 'cluster', failing: late },
        metadata: testMetadata,
      },
      selfWatchDecider.initialState(),
    ),
  );
});
