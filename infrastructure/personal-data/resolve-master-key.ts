import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../application/ports/index.ts';
import { ConfigError } from '../config/index.ts';
import { MASTER_KEY_BYTES, type MasterKey, parseMasterKey } from './master-key.ts';

/** Where the embedded mode keeps a generated master key, under `DATA_DIR`. */
export const MASTER_KEY_FILE = 'personal-data-master.key';

export interface MasterKeySettings {
  /** `PERSONAL_DATA_MASTER_KEY` as the secret sources gave it (env, `_FILE`, keyring), or undefined. */
  readonly configured: string | undefined;
  /** `DATABASE_URL`: with an external database the key must be configured (every node needs the same one). */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly logger: Logger;
}

const FORMAT = `${MASTER_KEY_BYTES} random bytes as 64 hex digits or base64 (openssl rand -base64 32)`;

/**
 * The master key of personal data: the configured one; else, in the embedded default mode (no
 * `DATABASE_URL`), the one in `DATA_DIR/personal-data-master.key`, generated (mode 0600) on the first start
 * with a warning to back it up: without it every person's data in the log is lost.
 *
 * @throws {ConfigError} for a malformed key, or with `DATABASE_URL` and no key.
 */
export function resolvePersonalDataMasterKey(settings: MasterKeySettings): MasterKey {
  const { configured, databaseUrl, dataDir, logger } = settings;
  if (configured !== undefined && configured !== '') {
    const key = parseMasterKey(configured);
    if (!key) throw new ConfigError([`PERSONAL_DATA_MASTER_KEY: must be ${FORMAT} (value not shown)`]);
    return key;
  }
  if (databaseUrl !== undefined) {
    throw new ConfigError([
      `PERSONAL_DATA_MASTER_KEY is required with DATABASE_URL (${FORMAT}, the same on every node; keep a backup: without it personal data in the log cannot be read)`,
    ]);
  }
  const path = join(dataDir, MASTER_KEY_FILE);
  const stored = readKeyFile(path);
  if (stored !== undefined) {
    const key = parseMasterKey(stored);
    if (!key) throw new ConfigError([`PERSONAL_DATA_MASTER_KEY: ${path} must hold ${FORMAT}`]);
    return key;
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    // `wx`: two processes starting at once must not each write their own key.
    writeFileSync(path, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
  const written = parseMasterKey(readFileSync(path, 'utf8'));
  if (!written) throw new ConfigError([`PERSONAL_DATA_MASTER_KEY: ${path} must hold ${FORMAT}`]);
  logger.warn(
    { path },
    'PERSONAL_DATA_MASTER_KEY is not set: generated one into the data directory. Back this file up (or set PERSONAL_DATA_MASTER_KEY): without it personal data in the log cannot be read',
  );
  return written;
}

function readKeyFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}
