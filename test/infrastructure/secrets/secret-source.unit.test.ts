import test from 'ava';
import { createSecretSource, osKeyring, type KeyringLookup } from '../../../infrastructure/secrets/index.ts';

const noKeyring: KeyringLookup = () => null;

function filesFrom(files: Record<string, string>) {
  return (path: string): string => {
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: open '${path}'`), { code: 'ENOENT' });
    return content;
  };
}

test('takes a secret from the environment variable first', (t) => {
  const source = createSecretSource({ keyring: () => 'from-keyring' });
  t.deepEqual(source.resolve('TELEGRAM_BOT_TOKEN', { TELEGRAM_BOT_TOKEN: '1:abc' }), {
    ok: true,
    secret: { source: 'env', value: '1:abc' },
  });
});

test('reads NAME_FILE and drops the trailing newline', (t) => {
  const source = createSecretSource({
    readFile: filesFrom({ '/run/secrets/token': '1:abc\r\n' }),
    keyring: noKeyring,
  });
  t.deepEqual(source.resolve('TELEGRAM_BOT_TOKEN', { TELEGRAM_BOT_TOKEN_FILE: '/run/secrets/token' }), {
    ok: true,
    secret: { source: 'file', value: '1:abc' },
  });
});

test('reports an unreadable file by its path and never by content', (t) => {
  const source = createSecretSource({ readFile: filesFrom({}), keyring: noKeyring });
  t.deepEqual(source.resolve('DATABASE_URL', { DATABASE_URL_FILE: '/run/secrets/db' }), {
    ok: false,
    problem: 'DATABASE_URL_FILE: cannot read "/run/secrets/db" (ENOENT)',
  });
});

test('reports an empty secret file', (t) => {
  const source = createSecretSource({ readFile: filesFrom({ '/run/secrets/db': '\n' }), keyring: noKeyring });
  const result = source.resolve('DATABASE_URL', { DATABASE_URL_FILE: '/run/secrets/db' });
  t.false(result.ok);
  t.regex(result.ok ? '' : result.problem, /^DATABASE_URL_FILE: .*empty/);
});

test('refuses NAME and NAME_FILE set together, without showing the value', (t) => {
  const source = createSecretSource({ readFile: filesFrom({ '/s': 'x' }), keyring: noKeyring });
  const result = source.resolve('REDIS_URL', { REDIS_URL: 'redis://:hunter2@h', REDIS_URL_FILE: '/s' });
  t.deepEqual(result, { ok: false, problem: 'REDIS_URL: set either REDIS_URL or REDIS_URL_FILE, not both' });
});

test('falls back to the keyring under the variable name', (t) => {
  const asked: string[] = [];
  const source = createSecretSource({
    keyring: (name) => {
      asked.push(name);
      return 'from-keyring';
    },
  });
  t.deepEqual(source.resolve('TELEGRAM_BOT_TOKEN', {}), {
    ok: true,
    secret: { source: 'keyring', value: 'from-keyring' },
  });
  t.deepEqual(asked, ['TELEGRAM_BOT_TOKEN']);
});

test('does not ask the keyring when the environment or a file provides the secret', (t) => {
  let asked = 0;
  const source = createSecretSource({
    readFile: filesFrom({ '/s': 'from-file' }),
    keyring: () => {
      asked += 1;
      return 'from-keyring';
    },
  });
  source.resolve('A', { A: 'from-env' });
  source.resolve('B', { B_FILE: '/s' });
  t.is(asked, 0);
});

test('treats a keyring that returns null, an empty string or throws as absent', (t) => {
  const lookups: KeyringLookup[] = [
    () => null,
    () => undefined,
    () => '',
    () => {
      throw new Error("Couldn't access platform storage: AccessDenied");
    },
  ];
  for (const keyring of lookups) {
    t.deepEqual(createSecretSource({ keyring }).resolve('REDIS_URL', {}), {
      ok: true,
      secret: { source: 'absent' },
    });
  }
});

test('treats empty variables as unset', (t) => {
  const source = createSecretSource({ keyring: noKeyring });
  t.deepEqual(source.resolve('REDIS_URL', { REDIS_URL: '', REDIS_URL_FILE: '' }), {
    ok: true,
    secret: { source: 'absent' },
  });
});

test('the OS keyring never throws, even where there is none', (t) => {
  let value: ReturnType<KeyringLookup> = 'not called';
  t.notThrows(() => {
    value = osKeyring('TBOT_TEST_SURELY_NOT_STORED');
  });
  t.not(value, 'not called');
  t.true(value === null || value === undefined || typeof value === 'string');
});
