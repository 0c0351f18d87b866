import anyTest, { type TestFn } from 'ava';
import { runTbot } from '../../support/tbot-process.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

// The text an operator types that is recorded (a reason) is plain text: an escape sequence pasted from a
// terminal is refused as a usage error before anything is done (#12 point 3).
const test = anyTest.serial as TestFn<{ database: TestDatabase }>;

test.before(async (t) => {
  t.context.database = await createTestDatabase();
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const ESCAPE = 'ticket 42\u001b]0;owned\u0007';

const events = async (t: { context: { database: TestDatabase } }) =>
  Number(
    (await t.context.database.pool.query<{ n: string }>('select count(*) n from es.events')).rows[0]?.n ?? -1,
  );

test('a reason with a control character is a usage error, and nothing is recorded', async (t) => {
  const env = { DATABASE_URL: t.context.database.url };
  const reset = await runTbot(['projections', 'reset', 'audit', '--reason', ESCAPE, '--yes'], env);
  t.is(reset.code, 2, reset.stderr);
  t.regex(reset.stderr, /--reason.*control character \(U\+001B\)/s);
  const forget = await runTbot(
    ['employees', 'forget', 'e0000000-0000-4000-8000-000000000001', '--reason', 'a\tb', '--yes'],
    env,
  );
  t.is(forget.code, 2, forget.stderr);
  t.regex(forget.stderr, /control character \(U\+0009\)/);
  t.is(await events(t), 0);
  // The same act with a plain reason goes through: the refusal was the reason's.
  const plain = await runTbot(['projections', 'reset', 'audit', '--reason', 'ticket 42', '--yes'], env);
  t.is(plain.code, 0, plain.stderr);
  t.true((await events(t)) > 0);
});
