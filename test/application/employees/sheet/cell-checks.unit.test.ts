import test from 'ava';
import {
  cellText,
  headerKey,
  isDismissalNote,
  normalizeEmail,
  normalizeHostname,
  normalizeIp,
} from '../../../../application/employees/sheet/index.ts';

test('cellText collapses whitespace, keeps ё, turns numbers into text and empty into null', (t) => {
  t.is(cellText('  Семёнов   Евгений\u00a0Олегович  '), 'Семёнов Евгений Олегович');
  t.is(cellText(218), '218');
  t.is(cellText('   '), null);
  t.is(cellText(null), null);
});

test('headerKey compares headers without case, ё, spaces or a trailing dot', (t) => {
  t.is(headerKey(' Каб. '), 'каб');
  t.is(headerKey('Телефон  (вн.)'), 'телефон (вн.)');
  t.is(headerKey('Ёмкость'), 'емкость');
});

test('e-mail: lower case, mailto dropped, not two addresses', (t) => {
  t.is(normalizeEmail('User1@Example.Local'), 'user1@example.local');
  t.is(normalizeEmail('mailto:a.b@firma.рф'), 'a.b@firma.рф');
  for (const text of ['user1', 'a@b', 'a@b.ru; c@d.ru', 'a b@c.ru']) t.is(normalizeEmail(text), null, text);
});

test('IP: IPv4 with leading zeros dropped, IPv6 lower case, garbage refused', (t) => {
  t.is(normalizeIp('10.010.001.5'), '10.10.1.5');
  t.is(normalizeIp('FE80::1'), 'fe80::1');
  for (const text of ['10.10.1', '10.10.1.256', '10.10.1.1.1', 'сервер', '1::2::3'])
    t.is(normalizeIp(text), null, text);
});

test('host name: lower case, FQDN and NetBIOS underscores allowed', (t) => {
  t.is(normalizeHostname('WS-OF-0002'), 'ws-of-0002');
  t.is(normalizeHostname('ws-1.corp.local.'), 'ws-1.corp.local');
  t.is(normalizeHostname('WS_BUH_01'), 'ws_buh_01');
  for (const text of ['-ws', 'ПК-бухгалтерия', 'a b', 'x'.repeat(64)])
    t.is(normalizeHostname(text), null, text);
});

test('dismissal notes: уволен, уволена, dismissed, as words only', (t) => {
  for (const notes of ['уволен', 'Уволена 01.10.2026', 'dismissed', 'в декрете; уволен'])
    t.true(isDismissalNote(notes));
  for (const notes of ['декрет', 'увольнение в ноябре', null]) t.false(isDismissalNote(notes));
});
