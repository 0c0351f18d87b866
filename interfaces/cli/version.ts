import { readFileSync } from 'node:fs';

/** TBot's version, from package.json (read once; the CLI and /health report it). */
export const version: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
