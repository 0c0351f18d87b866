import fs from 'node:fs/promises';
import type { EmbeddedLogger } from './embedded-logger.ts';

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must pass through the data directory to reach
 * the cluster inside; a directory made by mkdtemp or under umask 077 is 0700. Search permission only: it
 * still cannot list the directory or read the password file (0600).
 */
export async function letPostgresUserThrough(dir: string, logger: EmbeddedLogger): Promise<void> {
  const { mode } = await fs.stat(dir);
  if ((mode & 0o001) !== 0) return;
  await fs.chmod(dir, (mode & 0o7777) | 0o001);
  logger.info({ dataDir: dir }, 'data directory made searchable (o+x) for the postgres system user');
}
