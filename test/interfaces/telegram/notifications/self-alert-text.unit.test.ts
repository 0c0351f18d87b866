import test from 'ava';
import {
  SelfAlertParamsSchema,
  selfAlertText,
} from '../../../../interfaces/telegram/notifications/self-alert-text.ts';
import type { SelfAlertParams } from '../../../../projections/index.ts';

const en = { 'bot.language': 'en' };
const ru = { 'bot.language': 'ru' };
const since = '2026-12-03T10:00:00.000Z';
const failed = (detail: NonNullable<SelfAlertParams['detail']>, subject: string): SelfAlertParams => ({
  state: 'failed',
  condition: detail.condition,
  subject,
  since,
  detail,
  failedForSeconds: null,
  ended: null,
});

test('says how many checks started late on which node, in English and in Russian', (t) => {
  const late = (n: number) =>
    failed({ condition: 'checks-late', late: n, ran: 1200, windowMinutes: 5 }, 'n2');
  t.is(
    selfAlertText(late(37), en),
    '⚠️ TBot: 37 checks started late on node <code>n2</code> in the last 5 min (of 1200 run)',
  );
  t.is(
    selfAlertText(late(1), en),
    '⚠️ TBot: 1 check started late on node <code>n2</code> in the last 5 min (of 1200 run)',
  );
  t.is(
    selfAlertText(late(37), ru),
    '⚠️ TBot: 37 проверок запущено с опозданием на узле <code>n2</code> за последние 5 мин (всего запущено 1200)',
  );
  t.regex(selfAlertText(late(21), ru), /21 проверка запущена/);
  t.regex(selfAlertText(late(3), ru), /3 проверки запущены/);
  t.regex(selfAlertText(late(12), ru), /12 проверок запущено/);
});

test("says how many alerts could not be sent, the oldest's age and Telegram's answer, escaped", (t) => {
  const params = failed(
    {
      condition: 'alerts-unsent',
      unsent: 4,
      oldestMinutes: 12,
      lastError: '403 Forbidden: <bot> was kicked',
    },
    'cluster',
  );
  t.is(
    selfAlertText(params, en),
    '⚠️ TBot: 4 alerts could not be sent (oldest 12 min)\nTelegram said: <code>403 Forbidden: &lt;bot&gt; was kicked</code>',
  );
  const one = failed({ condition: 'alerts-unsent', unsent: 1, oldestMinutes: 3, lastError: null }, 'cluster');
  t.is(selfAlertText(one, ru), '⚠️ TBot: 1 оповещение не отправлено (самому старому 3 мин)');
});

test('names a parked projection, its event type and the failure summary', (t) => {
  const params = failed(
    { condition: 'projection-parked', eventType: 'EmployeeHired', error: 'TypeError' },
    'employees',
  );
  t.is(
    selfAlertText(params, en),
    '⚠️ TBot: projection <code>employees</code> is parked on an event <code>EmployeeHired</code>: <code>TypeError</code>',
  );
  t.regex(selfAlertText(params, ru), /проекция <code>employees<\/code> остановлена/);
});

test('a recovery is one line saying how long it failed', (t) => {
  const recovered: SelfAlertParams = {
    state: 'recovered',
    condition: 'alerts-unsent',
    subject: 'cluster',
    since,
    detail: null,
    failedForSeconds: 14 * 60,
    ended: 'cleared',
  };
  t.is(selfAlertText(recovered, en), '✅ TBot: alerts are being sent again (after 14 min)');
  t.is(selfAlertText(recovered, ru), '✅ TBot: оповещения снова отправляются (спустя 14 мин)');
  const gone: SelfAlertParams = { ...recovered, condition: 'checks-late', subject: 'n2', ended: 'gone' };
  t.is(
    selfAlertText(gone, en),
    '✅ TBot: node <code>n2</code> left the cluster; its late checks are watched no more (after 14 min)',
  );
});

test('refuses parameters past the bounds the decider keeps', (t) => {
  const long = failed({ condition: 'projection-parked', eventType: 'X', error: 'e'.repeat(301) }, 'p');
  t.false(SelfAlertParamsSchema.safeParse(long).success);
  t.false(SelfAlertParamsSchema.safeParse({ ...long, condition: 'disk-full' }).success);
  t.true(
    SelfAlertParamsSchema.safeParse({ ...long, detail: { ...long.detail, error: 'TypeError' } }).success,
  );
});
