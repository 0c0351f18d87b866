import test from 'ava';
import {
  BadOutboxRowError,
  renderNotice,
} from '../../../../interfaces/telegram/notifications/notice-rendering.ts';
import { MONITORING_REMINDER_KIND, type ReminderParams } from '../../../../projections/index.ts';

const params: ReminderParams = {
  incidentId: 'c1:29400001',
  serverName: 'pg<main>',
  groupName: 'DB & co',
  since: '2025-11-24T16:01:00.000Z',
  reminder: 5,
  downForSeconds: 1500,
};
const row = (p: unknown) => ({ kind: MONITORING_REMINDER_KIND, params: p as Record<string, unknown> });

test('a reminder says how long it is down, its server and group escaped, in the bot language', (t) => {
  t.is(
    renderNotice(row(params), { 'bot.language': 'en' }),
    '⏰ Still down, 25 min: <b>pg&lt;main&gt;</b> · Group: DB &amp; co (since 2025-11-24 16:01 UTC)',
  );
  t.regex(
    renderNotice(row(params), { 'bot.language': 'ru' }),
    /^⏰ Всё ещё недоступен, 25 мин: <b>pg&lt;main&gt;/,
  );
  t.regex(
    renderNotice(row({ ...params, downForSeconds: 3900 }), { 'bot.language': 'en' }),
    /Still down, 1 h 5 min/,
  );
});

test('a reminder row it cannot read is our error', (t) => {
  t.throws(() => renderNotice(row({ ...params, reminder: 0 }), {}), { instanceOf: BadOutboxRowError });
  t.throws(() => renderNotice(row({ serverName: 'x' }), {}), { instanceOf: BadOutboxRowError });
});
