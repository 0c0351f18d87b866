import test from 'ava';
import { redactUrl } from '../../../infrastructure/logging/index.ts';

test('hides the password of a URL and keeps user, host and database', (t) => {
  t.is(redactUrl('postgres://u:s3cret@h/db'), 'postgres://u:***@h/db');
  t.is(redactUrl('rediss://:s3cret@cache:6380/1'), 'rediss://:***@cache:6380/1');
});

test('hides a password passed as a query parameter', (t) => {
  const redacted = redactUrl('postgresql://u@h:5433/db?sslmode=require&password=s3cret');
  t.is(redacted, 'postgresql://u@h:5433/db?sslmode=require&password=***');
});

test('leaves a URL without a password as it is', (t) => {
  t.is(redactUrl('postgres://u@h/db'), 'postgres://u@h/db');
});

test('hides text that is not a URL entirely', (t) => {
  t.is(redactUrl('u:s3cret@not a url'), '[redacted]');
});

test('keeps a socket URL without a host', (t) => {
  t.is(
    redactUrl('postgres:///db?host=/run/postgresql&password=s3cret'),
    'postgres:///db?host=/run/postgresql&password=***',
  );
});
