import { createSecretKey, randomBytes } from 'node:crypto';
import test from 'ava';
import {
  decryptValue,
  encryptValue,
  fieldContext,
  isEncryptedValue,
} from '../../../application/personal-data/index.ts';

const key = createSecretKey(randomBytes(32));
const context = fieldContext('employee-1', 'EmployeeRegistered');

test('encrypts to an opaque pd1: string that decrypts back', (t) => {
  const encrypted = encryptValue(key, context, 'Иванов Иван Иванович');
  t.regex(encrypted, /^pd1:[A-Za-z0-9_-]+$/);
  t.false(encrypted.includes('Иванов'));
  t.is(decryptValue(key, context, encrypted), 'Иванов Иван Иванович');
});

test('encrypts the same value differently each time (a fresh IV)', (t) => {
  t.not(encryptValue(key, context, '+7 900 000-00-00'), encryptValue(key, context, '+7 900 000-00-00'));
});

test('refuses a value moved to another person or another event type', (t) => {
  const encrypted = encryptValue(key, context, 'ivanov@example.com');
  t.is(decryptValue(key, fieldContext('employee-2', 'EmployeeRegistered'), encrypted), undefined);
  t.is(decryptValue(key, fieldContext('employee-1', 'EmployeeDetailsChanged'), encrypted), undefined);
});

test('refuses another key and a tampered value', (t) => {
  const encrypted = encryptValue(key, context, 'ivanov@example.com');
  t.is(decryptValue(createSecretKey(randomBytes(32)), context, encrypted), undefined);
  const body = Buffer.from(encrypted.slice(4), 'base64url');
  body[14] = (body[14] ?? 0) ^ 1;
  t.is(decryptValue(key, context, `pd1:${body.toString('base64url')}`), undefined);
  t.is(decryptValue(key, context, 'pd1:AAAA'), undefined);
});

test('passes a value without the prefix through', (t) => {
  t.false(isEncryptedValue('Иванов'));
  t.is(decryptValue(key, context, 'Иванов'), 'Иванов');
  t.is(encryptValue(key, context, '').length > 4, true);
  t.is(decryptValue(key, context, encryptValue(key, context, '')), '');
});
