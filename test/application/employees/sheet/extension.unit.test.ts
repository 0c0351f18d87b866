import test from 'ava';
import { parseExtension } from '../../../../application/employees/sheet/index.ts';

test('reads a bare extension and the доб. form', (t) => {
  t.deepEqual(parseExtension('5095'), { extension: '5095', phone: null });
  t.deepEqual(parseExtension('доб. 1234'), { extension: '1234', phone: null });
  t.deepEqual(parseExtension('Доб.1234'), { extension: '1234', phone: null });
  t.deepEqual(parseExtension('вн. 12'), { extension: '12', phone: null });
  t.deepEqual(parseExtension('ext 777'), { extension: '777', phone: null });
});

test('splits a full number with its extension', (t) => {
  t.deepEqual(parseExtension('+7 (495) 123-45-67 доб. 1234'), {
    extension: '1234',
    phone: '+7 (495) 123-45-67',
  });
  t.deepEqual(parseExtension('8 495 123 45 67, доб. 12'), { extension: '12', phone: '+7 (495) 123-45-67' });
});

test('takes a full number alone as a phone', (t) => {
  t.deepEqual(parseExtension('8-495-123-45-67'), { extension: null, phone: '+7 (495) 123-45-67' });
});

test('refuses what is neither', (t) => {
  for (const text of ['нет', '1234567', 'доб.', 'кабинет 5 доб. 12']) t.is(parseExtension(text), null, text);
});
