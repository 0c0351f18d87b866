import test from 'ava';
import { randomBytes } from 'node:crypto';
import { otrsCustomerKeys } from '../../../infrastructure/otrs/index.ts';
import { masterKeyOf } from '../../../infrastructure/personal-data/index.ts';

const master = masterKeyOf(randomBytes(32));

test('the same customer has the same key, however their CustomerUserID is cased or spaced', (t) => {
  const keys = otrsCustomerKeys(master);
  const key = keys.keyOf('t.tikhomirova@example.com');
  t.is(keys.keyOf(' T.Tikhomirova@Example.COM '), key);
  t.is(otrsCustomerKeys(master).keyOf('t.tikhomirova@example.com'), key, 'another node, the same key');
  t.regex(key, /^[A-Za-z0-9_-]{22}$/);
  t.false(key.includes('tikhomirova'));
});

test('other customers and other master keys give other keys', (t) => {
  const keys = otrsCustomerKeys(master);
  t.not(keys.keyOf('a@example.com'), keys.keyOf('b@example.com'));
  t.not(otrsCustomerKeys(masterKeyOf(randomBytes(32))).keyOf('a@example.com'), keys.keyOf('a@example.com'));
});

test('a blank CustomerUserID has no key: its tickets would all share one subject', (t) => {
  const keys = otrsCustomerKeys(master);
  t.throws(() => keys.keyOf('  '), { instanceOf: RangeError });
  t.throws(() => keys.keyOf(''), { instanceOf: RangeError });
});
