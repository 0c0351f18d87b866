import test from 'ava';
import { callbackSigner } from '../../../../interfaces/telegram/callback-data.ts';
import {
  AlertParams,
  durationText,
  monitoringAlertKeyboard,
  monitoringAlertText,
} from '../../../../interfaces/telegram/notifications/monitoring-alert-text.ts';
import { withActorNames } from '../../../../interfaces/telegram/notifications/notice-rendering.ts';
import type { AlertMember, AlertMessageParams } from '../../../../projections/index.ts';

const CHECK = '0b6a3c1e-3f7a-4d2b-9c41-5b8d2a7e6f10';
const member = (over: Partial<AlertMember>): AlertMember => ({
  incidentId: `${CHECK}:29400001`,
  checkId: CHECK,
  serverId: 'router',
  serverName: 'router',
  since: '2026-12-03T07:31:00.000Z',
  firstError: 'timeout',
  state: 'down',
  downForSeconds: null,
  suppressedBy: null,
  acknowledgedBy: null,
  ...over,
});
const en = { 'bot.language': 'en' };

test('names, group and first error are escaped; a long first error is cut', (t) => {
  const text = monitoringAlertText(
    {
      groupName: 'R&D <lab>',
      members: [member({ serverName: '<b>x</b>', firstError: `a<${'e'.repeat(500)}` })],
    },
    en,
  );
  t.true(text.startsWith('🔴 Down · Group: R&amp;D &lt;lab&gt;\n'), text);
  t.true(text.includes('<b>&lt;b&gt;x&lt;/b&gt;</b> — since 2026-12-03 07:31 UTC, first error: a&lt;'));
  t.true(text.length < 400, 'the first error is cut to 200 characters');
});

test('children held back are listed under their parent; recoveries say how long; the header follows', (t) => {
  const params: AlertMessageParams = {
    groupName: 'Branch',
    members: [
      member({}),
      member({ incidentId: 'c2:1', serverId: 'web', serverName: 'web', state: 'up', downForSeconds: 3900 }),
      member({ incidentId: 'c3:1', serverId: 'printer', serverName: 'printer', suppressedBy: 'router' }),
    ],
  };
  t.deepEqual(monitoringAlertText(params, en).split('\n'), [
    '🔴 Down · Group: Branch',
    '<b>router</b> — since 2026-12-03 07:31 UTC, first error: timeout',
    '  ↳ <b>printer</b>: down behind router',
    '<b>web</b>: ✅ recovered, down for 1 h 5 min (first error: timeout)',
  ]);
  const allUp = {
    ...params,
    members: params.members.map((m) => ({ ...m, state: 'up' as const, downForSeconds: 40 })),
  };
  t.regex(monitoringAlertText(allUp, en), /^✅ All recovered/);
  t.regex(monitoringAlertText(allUp, {}), /^✅ Все восстановлены · Группа: Branch/);
});

test('durations', (t) => {
  t.is(durationText(0), '0 s');
  t.is(durationText(59), '59 s');
  t.is(durationText(300), '5 min');
  t.is(durationText(7200), '2 h');
});

test('the acknowledge button is signed for its chat, within 64 bytes, and gone once all is taken', (t) => {
  const signer = callbackSigner('key');
  const params: AlertMessageParams = {
    groupName: 'g',
    members: [member({ incidentId: `${CHECK}:178000000000000` })],
  };
  const keyboard = monitoringAlertKeyboard(params, -1001, signer, en);
  const data = keyboard?.inline_keyboard[0]?.[0]?.callback_data ?? '';
  t.true(Buffer.byteLength(data) <= 64);
  t.deepEqual(signer.verify(-1001, data), ['ma', CHECK.replaceAll('-', ''), '178000000000000']);
  t.is(signer.verify(-1002, data), null, 'not from another chat');
  const taken = {
    ...params,
    members: [member({ acknowledgedBy: { kind: 'telegram', id: '42', name: null } })],
  };
  t.is(monitoringAlertKeyboard(taken, -1001, signer, en), undefined);
});

test('parameters the sender cannot read are refused', (t) => {
  t.false(AlertParams.safeParse({ groupName: 'g', members: [] }).success);
  t.false(AlertParams.safeParse({ groupName: 'g', members: [{ ...member({}), state: 'sideways' }] }).success);
});

test('a large outage fits one Telegram message: the servers that fit are listed, the rest counted', (t) => {
  const members = Array.from({ length: 600 }, (_, i) =>
    member({ serverId: `s${i}`, serverName: `server-${i}.corp.example`, firstError: 'e'.repeat(200) }),
  );
  const text = monitoringAlertText({ groupName: 'DC', members }, en);
  t.true(text.length <= 4096, `${text.length} characters`);
  const listed = text.split('\n').filter((line) => line.startsWith('<b>server-')).length;
  t.true(listed > 5, `${listed} listed`);
  t.true(text.endsWith(`… +${600 - listed}`), text.slice(-40));
  t.true(AlertParams.safeParse({ groupName: 'DC', members }).success, 'however many joined');
});

test('who took it is named at send time from the users read models; a forgotten person stays unnamed', async (t) => {
  const row = {
    kind: 'monitoring.alert',
    params: {
      groupName: 'DC',
      members: [member({ acknowledgedBy: { kind: 'telegram', id: '42', name: null } })],
    },
  };
  const asked: string[] = [];
  const names = (actors: readonly { kind: string; id: string }[]) => {
    asked.push(...actors.map((a) => `${a.kind}:${a.id}`));
    return Promise.resolve(new Map([['telegram:42', 'Anna']]));
  };
  const named = await withActorNames(row, names);
  t.deepEqual(asked, ['telegram:42']);
  t.true(monitoringAlertText(AlertParams.parse(named.params), en).includes('taken by Anna'));
  t.deepEqual(
    row.params.members[0]?.acknowledgedBy,
    { kind: 'telegram', id: '42', name: null },
    'the row is not changed',
  );
  const forgotten = await withActorNames(row, () => Promise.resolve(new Map<string, string>()));
  t.true(monitoringAlertText(AlertParams.parse(forgotten.params), en).includes('taken by —'));
});

test('the header says whether the group as a whole is DOWN by its status rule', (t) => {
  const members = [member({})];
  const text = (groupStatus: AlertMessageParams['groupStatus'], settings = en) =>
    monitoringAlertText({ groupName: 'Databases', members, groupStatus }, settings).split('\n')[0];
  t.is(
    text({ down: 3, total: 5, groupDown: true }),
    '🔴 Down · Group: Databases — group DOWN (3 of 5 servers)',
  );
  t.is(text({ down: 1, total: 5, groupDown: false }), '🟠 Down · Group: Databases — 1 of 5 servers down');
  t.is(
    text({ down: 1, total: 21, groupDown: false }, { 'bot.language': 'ru' }),
    '🟠 Недоступен · Группа: Databases — недоступны 1 из 21 сервера',
  );
  t.is(text(undefined), '🔴 Down · Group: Databases', 'no group: as before');
  const recovered = monitoringAlertText(
    {
      groupName: 'Databases',
      members: [member({ state: 'up', downForSeconds: 60 })],
      groupStatus: { down: 0, total: 5, groupDown: false },
    },
    en,
  );
  t.true(recovered.startsWith('✅ All recovered · Group: Databases\n'), recovered);
});
