import { Writable } from 'node:stream';
import anyTest, { type TestFn } from 'ava';
import Koa from 'koa';
import type { Logger } from 'pino';
import { createLogger, loggableError } from '../../../infrastructure/logging/index.ts';
import { errorHandler } from '../../../interfaces/http/error-handler.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';
import { serveKoa } from '../../interfaces/http/serve-koa.ts';

// PostgreSQL quotes the data a statement failed on in its error report (the message, `detail`, `where`): a log
// line of such an error must hold none of it (#12 point 8).
interface Context {
  database: TestDatabase;
}
const test = anyTest as TestFn<Context>;

const SECRET = 'Иванов-secret-4c1d';

test.before(async (t) => {
  t.context.database = await createTestDatabase({ migrate: false });
  await t.context.database.pool.query('create table people (name text primary key)');
  await t.context.database.pool.query('insert into people values ($1)', [SECRET]);
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

/** Real driver errors, each quoting the secret somewhere: in `detail`, in `where`, in the message. */
async function driverErrors(database: TestDatabase): Promise<Error[]> {
  const failures = [
    database.pool.query('insert into people values ($1)', [SECRET]), // detail: Key (name)=(…) already exists
    database.pool.query('select $1::jsonb', [`{"name":"${SECRET}\\u0000"}`]), // where: JSON data, line 1: …
    database.pool.query('select $1::uuid', [SECRET]), // message: invalid input syntax for type uuid: "…"
  ];
  const errors: Error[] = [];
  for (const failure of failures) {
    await failure.then(
      () => undefined,
      (error: unknown) => errors.push(error as Error),
    );
  }
  return errors;
}

test('the driver errors used here do carry the data, in detail, where and message', async (t) => {
  const [duplicate, json, uuid] = (await driverErrors(t.context.database)) as [
    Error & { detail?: string },
    Error & { where?: string },
    Error,
  ];
  t.true(duplicate.detail?.includes(SECRET));
  t.true(json.where?.includes(SECRET));
  t.true(uuid.message.includes(SECRET));
});

test('a driver error keeps its class, SQLSTATE and frames, and loses what quotes the data', async (t) => {
  for (const error of await driverErrors(t.context.database)) {
    const safe = loggableError(error) as Error & Record<string, unknown>;
    t.false(JSON.stringify({ ...safe, message: safe.message, stack: safe.stack }).includes(SECRET));
    t.is(safe['code'], (error as Error & { code: string }).code);
    t.is(safe.constructor.name, 'DatabaseError');
    t.regex(safe.stack ?? '', /\n\s+at /);
  }
  const wrapped = new Error('append failed', { cause: (await driverErrors(t.context.database))[0] });
  const safe = loggableError(wrapped) as Error;
  t.is(safe.message, 'append failed');
  t.false(JSON.stringify((safe.cause as Record<string, unknown>)['detail'] ?? '').includes(SECRET));
  const plain = new Error(`not a driver error: ${SECRET}`);
  t.is(loggableError(plain), plain);
});

test('the logger writes none of it, for an error at the top or as a cause', async (t) => {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = await createLogger({ level: 'info', pretty: false, nodeId: 'n', destination });
  for (const error of await driverErrors(t.context.database)) {
    logger.error({ err: error }, 'failed');
    logger.error({ err: new Error('outer', { cause: error }) }, 'failed');
  }
  const text = chunks.join('');
  t.is(text.split('\n').filter(Boolean).length, 6);
  t.regex(text, /DatabaseError/);
  t.false(text.includes(SECRET));
});

test('a request failing on a driver error answers 500 and is logged without the data', async (t) => {
  const logger = captureLogger();
  const app = new Koa();
  app.silent = true;
  app.use(errorHandler(logger as unknown as Logger));
  app.use(async () => {
    await t.context.database.pool.query('insert into people values ($1)', [SECRET]);
  });
  const served = await serveKoa(app);
  try {
    const response = await fetch(`${served.baseUrl}/`);
    t.is(response.status, 500);
    t.false((await response.text()).includes(SECRET));
  } finally {
    await served.close();
  }
  const [line, ...rest] = logger.lines;
  t.is(rest.length, 0);
  t.is(line?.message, 'request failed');
  const err = line?.fields['err'] as Error & Record<string, unknown>;
  t.is(err['code'], '23505');
  t.is(err['constraint'], 'people_pkey');
  t.false(JSON.stringify({ ...err, message: err.message, stack: err.stack }).includes(SECRET));
});
