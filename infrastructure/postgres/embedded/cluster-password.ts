import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { EmbeddedPostgresError } from './embedded-postgres-error.ts';

/**
 * The superuser password of the embedded cluster, kept next to it (mode 0600) because initdb bakes it in and
 * every later start must present it. Created only when `create` is set (the cluster is about to be
 * initialised); a file left by an interrupted init is reused.
 */
export async function loadClusterPassword(file: string, options: { create: boolean }): Promise<string> {
  const existing = await readPassword(file);
  if (existing !== undefined) return existing;
  if (!options.create) {
    throw new EmbeddedPostgresError(
      'EMBEDDED_POSTGRES.PASSWORD_MISSING',
      `The embedded PostgreSQL cluster is initialised but its password file ${file} is missing: restore ` +
        `it, or move the cluster directory away to start from an empty database`,
    );
  }
  // base64url: no characters that need escaping in a connection URL.
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created; an empty leftover keeps its own mode otherwise.
  await fs.chmod(file, 0o600);
  return password;
}

async function readPassword(file: string): Promise<string | undefined> {
  try {
    const password = (await fs.readFile(file, 'utf8')).trim();
    return password === '' ? undefined : password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
