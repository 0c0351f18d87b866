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
