import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

// The CLI composes through `interfaces/runtime/` (`openEventStoreRuntime`, `openAuditEventLog`, the features'
// factories), as `tbot serve` does: a command that built a store itself could leave out a decorator (the
// personal-data protection) and write a person's data in plain. The e2e test `cli-personal-data` catches the
// commands it runs; this catches a new command before it has a test.
const CLI = fileURLToPath(new URL('../../../interfaces/cli/', import.meta.url));

/** What builds a store, or wraps one in a decorator: the runtime's to call, never a command's. */
const BUILT_ONLY_IN_RUNTIME = [
  'createPostgresEventStore',
  'createPostgresPersonalDataKeys',
  'withPersonalDataProtection',
  'createPostgresAuditEventLog',
  'withPersonalDataInAudit',
];

async function sourcesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((entry) => entry.endsWith('.ts')).map((entry) => path.join(dir, entry));
}

test('no CLI source builds an event store, a key store or an audit log itself', async (t) => {
  const files = await sourcesUnder(CLI);
  t.true(files.length > 10, `found only ${files.length} CLI sources under ${CLI}`);
  for (const file of files) {
    const source = await readFile(file, 'utf8');
    for (const name of BUILT_ONLY_IN_RUNTIME) {
      t.false(
        source.includes(name),
        `${path.relative(CLI, file)} uses ${name}: go through interfaces/runtime/`,
      );
    }
  }
});
