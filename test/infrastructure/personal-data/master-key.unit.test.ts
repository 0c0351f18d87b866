import { randomBytes } from 'node:crypto';
import test from 'ava';
import { parseMasterKey } from '../../../infrastructure/personal-data/index.ts';

const bytes = randomBytes(32);

test('reads 32 bytes as hex, base64 and base64url, with the same fingerprint', (t) => {
  const ids = [
    bytes.toString('hex'),
    bytes.toString('base64'),
    bytes.toString('base64url'),
    ` ${bytes.toString('hex')}\n`,
  ].map((text) => parseMasterKey(text)?.id);
  t.regex(ids[0] ?? '', /^[0-9a-f]{16}$/);
  t.deepEqual(new Set(ids).size, 1);
});

test('gives another key another fingerprint, which is not a piece of the key', (t) => {
  const key = parseMasterKey(bytes.toString('hex'));
  t.not(key?.id, parseMasterKey(randomBytes(32).toString('hex'))?.id);
  t.false(bytes.toString('hex').includes(key?.id ?? 'x'));
});

test('refuses anything but 32 bytes', (t) => {
  for (const text of [
    '',
    'short',
    randomBytes(16).toString('hex'),
    randomBytes(31).toString('base64'),
    'z'.repeat(64),
  ]) {
    t.is(parseMasterKey(text), null, text);
  }
});
