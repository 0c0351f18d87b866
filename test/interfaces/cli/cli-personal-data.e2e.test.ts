import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import anyTest, { type TestFn } from 'ava';
import { withPersonalDataProtection } from '../../../application/personal-data/index.ts';
import { randomIds } from '../../../application/ports/index.ts';
import { makeUserCommands } from '../../../application/users/index.ts';
import { argon2PasswordHasher } from '../../../infrastructure/auth/index.ts';
import { createPostgresEventStore } from '../../../infrastructure/event-store/index.ts';
import {
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { type CliRun, TEST_MASTER_KEY, childEnv, runTbot } from '../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// The CLI is a composition root of its own: each command that writes a person's data must build its event
// store through the runtime modules, behind the personal-data protection, as `tbot serve` does. These read the
// raw `es.events` rows a command wrote: a command on a bare store would leave the name there in plain.

const BIN = fileURLToPath(new URL('../../../bin/tbot.js', import.meta.url));
const ENCRYPTED = /^pd1:/;

const test = anyTest as TestFn<{ database: TestDatabase; env: Record<string, string> }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ migrate: true });
  t.context.env = { DATABASE_URL: t.context.database.url, LOG_LEVEL: 'warn' };
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

/** `tbot ARGS` with `input` on its standard input (the password `create-admin` reads). */
async function runWithInput(env: Record<string, string>, args: string[], input: string): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

async function createAdmin(t: { context: { env: Record<string, string> } }, name: string): Promise<string> {
  const run = await runWithInput(t.context.env, ['users', 'create-admin', name], 'a long cli passphrase\n');
  if (run.code !== 0) throw new Error(`create-admin ${name} failed: ${run.stderr}`);
  const id = /\(([0-9a-f-]{36})\)/.exec(run.stdout)?.[1];
  if (!id) throw new Error(`create-admin printed no id: ${run.stdout}`);
  return id;
}

interface RawEvent {
  readonly type: string;
  readonly data: { readonly username?: unknown };
  readonly metadata: { readonly reason?: unknown };
  readonly text: string;
}

async function rawEventsOf(database: TestDatabase, userId: string): Promise<RawEvent[]> {
  const { rows } = await database.pool.query<RawEvent>(
    `select type, data, metadata, data::text || metadata::text as text from es.events
     where data->>'userId' = $1 order by transaction_id, position`,
    [userId],
  );
  return rows;
}

test.serial(
  'tbot users create-admin writes the user name encrypted, and tbot events reads it back',
  async (t) => {
    const userId = await createAdmin(t, 'pd-cli-admin');
    const events = await rawEventsOf(t.context.database, userId);
    t.deepEqual(
      events.map((event) => event.type),
      ['UsernameReserved', 'UserCreated'],
    );
    for (const event of events) {
      t.regex(String(event.data.username), ENCRYPTED, `${event.type}'s user name is not encrypted`);
      t.false(event.text.includes('pd-cli-admin'), `${event.type} holds the user name in plain`);
    }

    // The reading side is protected too: an investigator sees the name decrypted.
    const list = await runTbot(
      ['events', 'list', '--type', 'UserCreated', '--format', 'json'],
      t.context.env,
    );
    t.is(list.code, 0, list.stderr);
    const listed = JSON.parse(list.stdout) as { data: { userId: string; username: unknown } }[];
    t.is(listed.find((event) => event.data.userId === userId)?.data.username, 'pd-cli-admin');
  },
);

test.serial('tbot users forget writes its reason encrypted with the user’s key', async (t) => {
  await createAdmin(t, 'pd-cli-keeper');
  const userId = await createAdmin(t, 'pd-cli-leaver');
  // Only a disabled user can be forgotten, and the CLI has no `disable`: the API's command, on a protected store.
  const { database } = t.context;
  const masterKey = parseMasterKey(TEST_MASTER_KEY);
  if (!masterKey) throw new Error('the test master key does not parse');
  const raw = createPostgresEventStore({ pool: database.pool, url: database.url });
  try {
    const store = withPersonalDataProtection(raw, {
      keys: createPostgresPersonalDataKeys({ pool: database.pool, masterKey }),
    });
    const users = makeUserCommands({ store, hasher: argon2PasswordHasher, ids: randomIds });
    await users.disable(userId, {
      metadata: {
        actor: { kind: 'system', id: 'test', name: 'test' },
        correlationId: 'pd-cli-disable',
        causationId: 'pd-cli-disable',
        source: 'test',
        occurredAt: new Date().toISOString(),
      },
    });
  } finally {
    await raw.close();
  }

  const run = await runTbot(
    ['users', 'forget', userId, '--yes', '--reason', 'request 152-FZ #27 from pd-cli-leaver'],
    t.context.env,
  );
  t.is(run.code, 0, run.stderr);
  const forgotten = (await rawEventsOf(database, userId)).find((event) => event.type === 'UserForgotten');
  t.truthy(forgotten, 'no UserForgotten was written');
  t.regex(String(forgotten?.metadata.reason), ENCRYPTED, 'the reason is not encrypted');
  t.false(forgotten?.text.includes('152-FZ #27') ?? true, 'UserForgotten holds the reason in plain');
});
