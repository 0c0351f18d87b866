import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import { type ServedApi, adminToken, call, startServedApi } from '../../support/served-api.ts';
import { childEnv } from '../../support/tbot-process.ts';

// `tbot serve` and `tbot users create-admin`: a user name that mixes scripts (`аdmin`, Cyrillic `а`) or looks
// like an existing user's (per Unicode TR39 skeletons) is refused beside `admin`.
interface Context {
  api: ServedApi;
}
const test = anyTest as TestFn<Context>;
type T = ExecutionContext<Context>;

const BIN = fileURLToPath(new URL('../../../bin/tbot.js', import.meta.url));

test.before(async (t) => {
  t.context.api = await startServedApi();
});

test.after.always((t) => t.context.api?.stop());

const create = async (t: T, username: string) =>
  call(t, '/users', {
    token: await adminToken(t),
    body: { username, password: 'lookalike-passphrase', role: 'viewer' },
  });

test('refuses аdmin (Cyrillic а) beside admin with 422 USER.USERNAME_MIXED_SCRIPTS', async (t) => {
  const response = await create(t, '\u0430dmin');
  t.is(response.status, 422);
  t.like(await response.json(), { code: 'USER.USERNAME_MIXED_SCRIPTS' });
});

test('refuses a whole-script look-alike of an existing name with 409 USER.USERNAME_LOOKALIKE_TAKEN', async (t) => {
  t.is((await create(t, 'ace')).status, 201);
  for (const lookalike of ['\u0430\u0441\u0435', '\u0410\u0421\u0415']) {
    const response = await create(t, lookalike);
    t.is(response.status, 409, lookalike);
    t.like(await response.json(), { code: 'USER.USERNAME_LOOKALIKE_TAKEN' });
  }
  t.is((await create(t, 'anna_1')).status, 201);
  t.is((await create(t, 'anna_l')).status, 409);
  // A name of another script that looks different is welcome.
  t.is((await create(t, '\u0438\u0432\u0430\u043D')).status, 201);
});

test('tbot users create-admin refuses the same names (exit code 2)', async (t) => {
  for (const name of ['\u0430dmin', 'AD\u041CIN']) {
    const child = spawn(process.execPath, [BIN, 'users', 'create-admin', name], {
      env: childEnv({ DATABASE_URL: t.context.api.database.url, LOG_LEVEL: 'warn' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end('lookalike-passphrase\n');
    const [code] = (await once(child, 'close')) as [number | null];
    t.is(code, 2, stderr);
    t.regex(stderr, /mixes letters of several scripts/, name);
  }
});
