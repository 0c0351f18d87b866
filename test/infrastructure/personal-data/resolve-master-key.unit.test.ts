import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { ConfigError } from '../../../infrastructure/config/index.ts';
import {
  MASTER_KEY_FILE,
  parseMasterKey,
  resolvePersonalDataMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { captureLogger } from '../../support/capture-logger.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'tbot-pd-'));
const configured = randomBytes(32).toString('base64');

test('uses the configured key', (t) => {
  const logger = captureLogger();
  const key = resolvePersonalDataMasterKey({
    configured,
    databaseUrl: 'postgres://x/y',
    dataDir: dataDir(),
    logger,
  });
  t.is(parseMasterKey(configured)?.id, key.id);
});

test('refuses a malformed key without showing it', (t) => {
  const logger = captureLogger();
  const error = t.throws(
    () =>
      resolvePersonalDataMasterKey({
        configured: 'secret-but-short',
        databaseUrl: undefined,
        dataDir: dataDir(),
        logger,
      }),
    { instanceOf: ConfigError },
  );
  t.false(error?.message.includes('secret-but-short'));
});

test('refuses to start with DATABASE_URL and no key', (t) => {
  const logger = captureLogger();
  t.throws(
    () =>
      resolvePersonalDataMasterKey({
        configured: undefined,
        databaseUrl: 'postgres://x/y',
        dataDir: dataDir(),
        logger,
      }),
    { instanceOf: ConfigError, message: /PERSONAL_DATA_MASTER_KEY is required with DATABASE_URL/ },
  );
});

test('embedded: generates a key once into the data directory (0600), warns, and reuses it', (t) => {
  const dir = join(dataDir(), 'nested');
  const first = captureLogger();
  const key = resolvePersonalDataMasterKey({
    configured: undefined,
    databaseUrl: undefined,
    dataDir: dir,
    logger: first,
  });
  const path = join(dir, MASTER_KEY_FILE);
  t.is(statSync(path).mode & 0o777, 0o600);
  t.is(parseMasterKey(readFileSync(path, 'utf8'))?.id, key.id);
  t.true(first.lines.some((line) => line.level === 'warn' && /back this file up/i.test(line.message)));

  const second = captureLogger();
  const again = resolvePersonalDataMasterKey({
    configured: undefined,
    databaseUrl: undefined,
    dataDir: dir,
    logger: second,
  });
  t.is(again.id, key.id);
});

test('embedded: refuses a damaged key file instead of making a new key', (t) => {
  const dir = dataDir();
  writeFileSync(join(dir, MASTER_KEY_FILE), 'garbage\n');
  const logger = captureLogger();
  t.throws(
    () =>
      resolvePersonalDataMasterKey({ configured: undefined, databaseUrl: undefined, dataDir: dir, logger }),
    {
      instanceOf: ConfigError,
    },
  );
});
