import test from 'ava';
import { ConfigError } from '../../../infrastructure/config/index.ts';
import { jwtSecret } from '../../../interfaces/runtime/auth-runtime.ts';
import { captureLogger } from '../../support/capture-logger.ts';

const SECRET = 'a-shared-secret-of-at-least-32-characters';

test('takes the configured AUTH_JWT_SECRET', (t) => {
  t.is(jwtSecret('production', captureLogger(), SECRET), SECRET);
});

test('refuses to start in production without AUTH_JWT_SECRET, or with a short one', (t) => {
  t.throws(() => jwtSecret('production', captureLogger(), undefined), {
    instanceOf: ConfigError,
    message: /AUTH_JWT_SECRET/,
  });
  t.throws(() => jwtSecret('development', captureLogger(), 'short'), {
    instanceOf: ConfigError,
    message: /32 characters/,
  });
});

test('makes a random key per process in development, and warns', (t) => {
  const logger = captureLogger();
  const first = jwtSecret('development', logger, undefined);
  t.not(first, jwtSecret('development', logger, undefined));
  t.true(first.length >= 32);
  t.is(logger.lines.filter((l) => l.level === 'warn' && /AUTH_JWT_SECRET/.test(l.message)).length, 2);
});
