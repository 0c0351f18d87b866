import type { Server } from 'node:http';
import anyTest, { type TestFn } from 'ava';
import Koa from 'koa';
import { TELEGRAM_WEBHOOK_PATH } from '../../../interfaces/http/telegram/index.ts';
import type { EmulatedUser } from '../../support/bot-api-emulator.ts';
import { eventually } from '../../support/eventually.ts';
import { freePort } from '../../support/free-port.ts';
import { type TelegramHarness, startTelegramHarness } from '../../support/telegram-harness.ts';

interface Context {
  harness: TelegramHarness;
  server: Server;
  url: string;
}

const test = anyTest as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 1001, first_name: 'Анна', language_code: 'ru' };
const SECRET = 'webhook-secret_42';

test.before(async (t) => {
  const harness = await startTelegramHarness({ TELEGRAM_ADMIN_IDS: String(ADMIN.id) });
  t.context.harness = harness;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}${TELEGRAM_WEBHOOK_PATH}`;
  t.context.url = url;
  const runtime = await harness.startBot({
    env: { TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: SECRET },
  });
  const app = new Koa();
  if (!runtime.webhookRoutes) throw new Error('no webhook routes in webhook mode');
  app.use(runtime.webhookRoutes.routes());
  t.context.server = await new Promise<Server>((resolve) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
  });
});

test.after.always(async (t) => {
  await new Promise((resolve) => t.context.server?.close(resolve));
  await t.context.harness?.close();
});

test.serial('registers the webhook with its secret and answers the updates Telegram posts', async (t) => {
  const { emulator } = t.context.harness;
  t.deepEqual(
    emulator.callsOf('setWebhook').map((call) => call.payload),
    [{ url: t.context.url, secret_token: SECRET }],
  );
  emulator.sendText(ADMIN, '/start');
  const reply = await eventually(() => emulator.sentTo(ADMIN.id)[0]);
  t.is(reply?.text, 'Здравствуйте! Я бот ИТ-отдела. Чем могу помочь?');
  t.is(emulator.callsOf('getUpdates').length, 0, 'no polling in webhook mode');
});

test.serial('refuses a request without the secret token, or with another', async (t) => {
  const update = {
    update_id: 1,
    message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: '/start' },
  };
  for (const headers of [{}, { 'x-telegram-bot-api-secret-token': 'guess' }]) {
    const response = await fetch(t.context.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(update),
    });
    t.is(response.status, 401);
  }
});

test.serial('refuses a body that is no update', async (t) => {
  for (const body of ['{"nope":1}', 'not json']) {
    const response = await fetch(t.context.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body,
    });
    t.is(response.status, 400);
  }
});

test.serial('a retried webhook delivery is handled once', async (t) => {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(ADMIN.id).length;
  emulator.sendText(ADMIN, '/me');
  await eventually(() => emulator.sentTo(ADMIN.id).length > before);
  const last = emulator.pushed.at(-1);
  if (!last) throw new Error('nothing was pushed');
  emulator.redeliver(last);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  t.is(emulator.sentTo(ADMIN.id).length, before + 1);
});

test.serial(
  'answers 500 while the update cannot be stored, and 200 once it is, handling it once',
  async (t) => {
    const { emulator, database } = t.context.harness;
    const user: EmulatedUser = { id: 4404, first_name: 'Борис', language_code: 'ru' };
    const update = {
      update_id: 990_001,
      message: {
        message_id: 9001,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user.id, type: 'private' },
        from: { ...user, is_bot: false },
        text: '/start',
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    };
    const deliver = () =>
      fetch(t.context.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
      });
    await database.pool.query(`
    create function test_inbox_down() returns trigger language plpgsql as $$
    begin
      raise exception 'injected inbox failure';
    end $$;
    create trigger test_inbox_down before insert on telegram.inbox
      for each row execute function test_inbox_down();`);
    try {
      t.is((await deliver()).status, 500, 'not stored: Telegram must deliver it again');
      const { rows } = await database.pool.query('select 1 from telegram.inbox where update_id = $1', [
        update.update_id,
      ]);
      t.is(rows.length, 0);
    } finally {
      await database.pool.query(
        'drop trigger test_inbox_down on telegram.inbox; drop function test_inbox_down();',
      );
    }
    t.is((await deliver()).status, 200, 'stored');
    const reply = await eventually(() => emulator.sentTo(user.id)[0], 10_000);
    t.regex(reply?.text ?? '', /Доступ запрошен/);
    t.is((await deliver()).status, 200, 'a redelivery of a stored update is answered 200');
    const done = await eventually(async () => {
      const { rows } = await database.pool.query<{ status: string }>(
        'select status from telegram.inbox where update_id = $1',
        [update.update_id],
      );
      return rows.length === 1 && rows[0]?.status === 'done' ? rows : undefined;
    }, 10_000);
    t.truthy(done, 'one inbox row, done');
    const { rows: events } = await database.pool.query<{ type: string }>(
      'select type from es.events where stream_id = $1 order by position',
      [`telegram-user-${user.id}`],
    );
    t.deepEqual(
      events.map((e) => e.type),
      ['TelegramUserRegistered', 'TelegramAccessRequested'],
    );
    t.is(emulator.sentTo(user.id).length, 1, 'one reply');
  },
);
