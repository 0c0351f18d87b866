import test from 'ava';
import { normalizePhone } from '../../../../application/employees/sheet/index.ts';

test('brings the five formats of the sample to one canonical form', (t) => {
  for (const text of [
    '+7 (916) 123-45-67',
    '89161234567',
    '8-916-123-45-67',
    '79161234567',
    '+79161234567',
  ]) {
    t.is(normalizePhone(text), '+7 (916) 123-45-67', text);
  }
});

test('reads a bare ten-digit Russian number and a dotted one', (t) => {
  t.is(normalizePhone('9161234567'), '+7 (916) 123-45-67');
  t.is(normalizePhone('8.495.123.45.67'), '+7 (495) 123-45-67');
});

test('keeps other international numbers as + and digits, short local numbers as digits', (t) => {
  t.is(normalizePhone('+375 29 123-45-67'), '+375291234567');
  t.is(normalizePhone('123-45-67'), '1234567');
});

test('refuses text that is not a phone number', (t) => {
  for (const text of ['нет', '12', '+7 916 123', 'доб. 1234', '8-916-123-45-67-89-01-23']) {
    t.is(normalizePhone(text), null, text);
  }
});
