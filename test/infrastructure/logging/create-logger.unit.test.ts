import { setTimeout as delay } from 'node:timers/promises';
import { Writable } from 'node:stream';
import test from 'ava';
import { createLogger, withLogContext } from '../../../infrastructure/logging/index.ts';

/** A destination stream that keeps what a logger writes, for assertions. */
function captureOutput(): {
  readonly stream: Writable;
  readonly text: () => string;
  readonly lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, text, lines };
}

test('writes JSON lines stamped with the node id and level', async (t) => {
  const output = captureOutput();
  const logger = await createLogger({
    level: 'info',
    pretty: false,
    nodeId: 'node-a',
    destination: output.stream,
  });

  logger.info({ employeeId: 'e-1' }, 'hired');
  logger.debug('below the level');

  const [line, ...rest] = output.lines();
  t.is(rest.length, 0);
  t.like(line, { nodeId: 'node-a', level: 30, msg: 'hired', employeeId: 'e-1' });
  t.regex(String(line?.time), /^\d{4}-\d\d-\d\dT/);
});

test('redacts secret-looking fields at the top level and one level down', async (t) => {
  const output = captureOutput();
  const logger = await createLogger({
    level: 'info',
    pretty: false,
    nodeId: 'n',
    destination: output.stream,
  });

  logger.info(
    {
      password: 'pw-top',
      token: 'tok-top',
      secret: 'sec-top',
      databaseUrl: 'postgres://u:pw-db@h/db',
      user: { name: 'ivanov', password: 'pw-nested', cookie: 'sid=abc' },
      telegram: { botToken: '123:bot-token' },
      redis: { redisUrl: 'redis://:pw-redis@h' },
      req: {
        method: 'GET',
        headers: { authorization: 'Bearer jwt-value', cookie: 'sid=xyz', accept: '*/*' },
      },
    },
    'request',
  );

  const text = output.text();
  for (const secret of [
    'pw-top',
    'tok-top',
    'sec-top',
    'pw-db',
    'pw-nested',
    'sid=',
    'bot-token',
    'pw-redis',
    'jwt',
  ]) {
    t.false(text.includes(secret), `${secret} leaked: ${text}`);
  }
  t.like(output.lines()[0], {
    password: '[redacted]',
    databaseUrl: '[redacted]',
    user: { name: 'ivanov', password: '[redacted]', cookie: '[redacted]' },
    telegram: { botToken: '[redacted]' },
    req: { method: 'GET', headers: { authorization: '[redacted]', cookie: '[redacted]', accept: '*/*' } },
  });
});

test('redacts the secrets of a logged config object', async (t) => {
  const output = captureOutput();
  const logger = await createLogger({
    level: 'info',
    pretty: false,
    nodeId: 'n',
    destination: output.stream,
  });
  const config = {
    http: { port: 8080 },
    database: { url: 'postgres://u:pw-db@h/db', poolMax: 10 },
    redis: { url: 'redis://:pw-redis@h' },
    telegram: { botToken: '123:bot-token' },
  };

  logger.info(config, 'as merge object');
  logger.info({ config }, 'nested');

  const text = output.text();
  t.false(/pw-db|pw-redis|bot-token/.test(text), text);
  const [top, nested] = output.lines();
  t.like(top, { http: { port: 8080 }, database: { url: '[redacted]', poolMax: 10 } });
  t.like(nested, { config: { database: { url: '[redacted]' }, redis: { url: '[redacted]' } } });
});

test('redacts OTRS session ids and the OTRS secrets of a logged config', async (t) => {
  const output = captureOutput();
  const logger = await createLogger({
    level: 'info',
    pretty: false,
    nodeId: 'n',
    destination: output.stream,
  });
  const otrs = {
    baseUrl: 'https://otrs',
    serviceAgent: { login: 'feed', password: 'pw-otrs' },
    webhookSecret: 'hook-otrs',
  };

  logger.info({ sessionId: 'sid-1', link: { SessionID: 'sid-2' } }, 'session');
  logger.info({ otrs }, 'config');

  t.false(/sid-1|sid-2|pw-otrs|hook-otrs/.test(output.text()), output.text());
  t.like(output.lines()[1], { otrs: { baseUrl: 'https://otrs', serviceAgent: { login: 'feed' } } });
});

test('adds the current log context to every line, across awaits', async (t) => {
  const output = captureOutput();
  const logger = await createLogger({
    level: 'info',
    pretty: false,
    nodeId: 'n',
    destination: output.stream,
  });

  await withLogContext({ requestId: 'req-1' }, async () => {
    logger.info('start');
    await delay(1);
    await withLogContext({ commandId: 'cmd-7' }, async () => {
      await delay(1);
      logger.info('inner');
    });
    logger.info('end');
  });
  logger.info('outside');

  const lines = output.lines();
  t.deepEqual(
    lines.map((line) => [line.msg, line.requestId, line.commandId]),
    [
      ['start', 'req-1', undefined],
      ['inner', 'req-1', 'cmd-7'],
      ['end', 'req-1', undefined],
      ['outside', undefined, undefined],
    ],
  );
});

test('keeps concurrent contexts apart', async (t) => {
  const output = captureOutput();
  const logger = await createLogger({
    level: 'info',
    pretty: false,
    nodeId: 'n',
    destination: output.stream,
  });

  await Promise.all(
    ['a', 'b', 'c'].map((requestId, index) =>
      withLogContext({ requestId }, async () => {
        await delay(3 - index);
        logger.info(requestId);
      }),
    ),
  );

  const lines = output.lines();
  t.is(lines.length, 3);
  for (const line of lines) t.is(line.requestId, line.msg);
});

test('writes human-readable lines when pretty', async (t) => {
  const output = captureOutput();
  const logger = await createLogger({ level: 'info', pretty: true, nodeId: 'n', destination: output.stream });

  logger.info({ password: 'pw-pretty' }, 'hello pretty');
  await delay(50);

  const text = output.text();
  t.regex(text, /INFO.*hello pretty/);
  t.false(text.trimStart().startsWith('{'));
  t.false(text.includes('pw-pretty'));
});

test('falls back to JSON with a warning when pino-pretty cannot be loaded', async (t) => {
  const output = captureOutput();
  const logger = await createLogger(
    { level: 'info', pretty: true, nodeId: 'n', destination: output.stream },
    { loadPretty: () => Promise.reject(new Error("Cannot find package 'pino-pretty'")) },
  );

  logger.info('after the fallback');

  const [warning, line] = output.lines();
  t.like(warning, { level: 40, msg: 'LOG_PRETTY is set but pino-pretty is unavailable: logging JSON' });
  t.like(line, { level: 30, msg: 'after the fallback' });
});

test('keeps what a failed call carried out of a logged error: Bot API parameters, PostgreSQL row values', async (t) => {
  const output = captureOutput();
  const logger = await createLogger({
    level: 'info',
    pretty: false,
    nodeId: 'n',
    destination: output.stream,
  });
  const telegram = Object.assign(new Error('Call to sendMessage failed! (403: Forbidden)'), {
    error_code: 403,
    payload: { chat_id: 42, text: 'Иван Петров asks for access' },
  });
  const postgres = Object.assign(new Error('duplicate key value violates unique constraint'), {
    code: '23505',
    detail: 'Key (phone)=(+7 999 123-45-67) already exists.',
    where: 'SQL statement with Петров',
  });

  logger.warn({ err: telegram }, 'telegram');
  logger.warn({ err: postgres }, 'postgres');

  const text = output.text();
  t.false(/Иван|Петров|999 123/.test(text), text);
  const [first, second] = output.lines();
  t.like(first, { err: { error_code: 403, payload: '[redacted]' } });
  t.like(second, { err: { code: '23505', detail: '[redacted]' } });
});
