import anyTest, { type TestFn } from 'ava';
import { EXIT_BY_DOMAIN_CODE } from '../../../interfaces/cli/exit-codes.ts';
import { runTbot } from '../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// A command refused with a domain code exits as `EXIT_BY_DOMAIN_CODE` says, through the real `tbot`; the
// forget commands share one skeleton, so each of them is driven once.
const test = anyTest.serial as TestFn<{ database: TestDatabase; env: Record<string, string> }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase();
  t.context.env = { DATABASE_URL: t.context.database.url, LOG_LEVEL: 'warn' };
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const NOBODY = 'e0000000-0000-4000-8000-00000000dead';

test('forgetting an employee nobody knows exits with EMPLOYEE.NOT_FOUND’s code (2), nothing recorded', async (t) => {
  const run = await runTbot(['employees', 'forget', NOBODY, '--reason', 'ticket 7', '--yes'], t.context.env);
  t.is(EXIT_BY_DOMAIN_CODE['EMPLOYEE.NOT_FOUND'], 2);
  t.is(run.code, EXIT_BY_DOMAIN_CODE['EMPLOYEE.NOT_FOUND'], run.stderr);
  t.regex(run.stderr, new RegExp(`^tbot: No employee ${NOBODY}$`, 'm'));
  t.is(run.stdout, '');
  const { rows } = await t.context.database.pool.query<{ n: string }>(
    "select count(*) n from es.events where type = 'EmployeeForgotten'",
  );
  t.is(rows[0]?.n, '0');
});

test('forgetting an unknown Telegram user or web-admin user exits 2 the same way', async (t) => {
  const telegram = await runTbot(
    ['telegram', 'forget', '424242', '--reason', 'ticket 7', '--yes'],
    t.context.env,
  );
  t.is(telegram.code, EXIT_BY_DOMAIN_CODE['TELEGRAM_USER.NOT_FOUND'], telegram.stderr);
  t.regex(telegram.stderr, /^tbot: No Telegram user 424242$/m);
  const user = await runTbot(['users', 'forget', NOBODY, '--reason', 'ticket 7', '--yes'], t.context.env);
  t.is(user.code, EXIT_BY_DOMAIN_CODE['USER.NOT_FOUND'], user.stderr);
  t.regex(user.stderr, /^tbot: /m);
});

test('the forget commands still check their argument and reason before anything runs', async (t) => {
  const notAnId = await runTbot(
    ['telegram', 'forget', 'abc', '--reason', 'ticket 7', '--yes'],
    t.context.env,
  );
  t.is(notAnId.code, 2);
  t.regex(notAnId.stderr, /abc is not a Telegram user id/);
  const blank = await runTbot(['employees', 'forget', NOBODY, '--reason', '  ', '--yes'], t.context.env);
  t.is(blank.code, 2);
  t.regex(blank.stderr, /say why with --reason/);
  const unconfirmed = await runTbot(['users', 'forget', 'someone', '--reason', 'ticket 7'], t.context.env);
  t.is(unconfirmed.code, 2);
  t.regex(unconfirmed.stderr, /forget someone needs confirmation: pass --yes/);
});
