import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import test from 'ava';
import { ConfigError, ENV_SETTINGS, loadConfig, loadEnvFile } from '../../../infrastructure/config/index.ts';
import { createSecretSource } from '../../../infrastructure/secrets/index.ts';

const exampleFile = new URL('../../../.env.example', import.meta.url);

test('loads variables from the file into process.env without overriding set ones', (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'tbot-env-')), '.env');
  writeFileSync(path, 'TBOT_TEST_FROM_FILE=file\nTBOT_TEST_ALREADY_SET=file\n');
  process.env.TBOT_TEST_ALREADY_SET = 'env';
  t.teardown(() => {
    delete process.env.TBOT_TEST_FROM_FILE;
    delete process.env.TBOT_TEST_ALREADY_SET;
  });

  loadEnvFile(path);

  t.is(process.env.TBOT_TEST_FROM_FILE, 'file');
  t.is(process.env.TBOT_TEST_ALREADY_SET, 'env');
});

test('fails with a ConfigError naming the path when the file is missing', (t) => {
  const path = join(tmpdir(), 'tbot-no-such-dir', '.env');
  const error = t.throws(() => loadEnvFile(path), { instanceOf: ConfigError });
  t.deepEqual(error?.problems, [`${path}: env file not found`]);
});

test('.env.example documents every setting and its NAME_FILE and keyring sources', (t) => {
  const example = readFileSync(exampleFile, 'utf8');
  for (const setting of ENV_SETTINGS) t.regex(example, new RegExp(`^#? ?${setting}=`, 'm'), setting);
  t.regex(example, /_FILE/);
  t.regex(example, /keyring/i);
});

test('.env.example loads as a valid configuration', (t) => {
  const env = parseEnv(readFileSync(exampleFile, 'utf8'));
  t.notThrows(() => loadConfig(env, createSecretSource({ keyring: () => null })));
});
