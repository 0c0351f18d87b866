import test from 'ava';
import type { EmployeeCard } from '../../../../application/employees/search/index.ts';
import { employeeCard, tappablePhone } from '../../../../interfaces/telegram/employees/index.ts';
import { translator } from '../../../../interfaces/telegram/i18n/index.ts';
import { defaultSettings } from '../../../../domain/settings/index.ts';

test('Russian numbers become +7 and ten digits, which Telegram clients make tappable', (t) => {
  t.is(tappablePhone('8 (916) 123-45-67'), '+79161234567');
  t.is(tappablePhone('+7 495 700-10-01'), '+74957001001');
  t.is(tappablePhone('9161234567'), '+79161234567');
  t.is(tappablePhone('2301'), '2301');
  t.is(tappablePhone('+44 20 7946 0958'), '+44 20 7946 0958');
});

test('a card escapes HTML and shows only what is known', (t) => {
  const employee: EmployeeCard = {
    employeeId: 'e1',
    fullName: 'O<Brien> & Co',
    position: null,
    departmentId: null,
    departmentName: 'R&D',
    workPhone: null,
    mobilePhone: null,
    extension: '12',
    email: null,
    room: null,
    notes: null,
    status: 'dismissed',
    forgotten: false,
    updatedAt: '2026-11-24T12:00:00.000Z',
    workstations: [],
  };
  t.is(
    employeeCard(employee, translator('en', defaultSettings())),
    '<b>O&lt;Brien&gt; &amp; Co</b> (dismissed)\nR&amp;D\n📞 ext. 12',
  );
});
