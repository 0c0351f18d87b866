import test from 'ava';
import { nationalDigits, phoneDigitsOf } from '../../../../application/employees/search/index.ts';

test('takes the digits out of a phone typed with punctuation', (t) => {
  t.is(phoneDigitsOf('+7 (916) 123-45-67'), '79161234567');
  t.is(phoneDigitsOf('8.916.123.45.67'), '89161234567');
  t.is(phoneDigitsOf('ivanov 1234'), null);
});

test('a Russian number with 8 or +7 is the same 10 national digits', (t) => {
  t.is(nationalDigits('89161234567'), '9161234567');
  t.is(nationalDigits('79161234567'), '9161234567');
  t.is(nationalDigits('9161234567'), '9161234567');
  t.is(nationalDigits('4567'), '4567');
  t.is(nationalDigits('491511234567'), '491511234567');
});
