import anyTest, { type TestFn } from 'ava';
import { defaultSettings } from '../../../domain/settings/index.ts';
import { translator } from '../../../interfaces/telegram/i18n/index.ts';
import { BOT_REFUSALS } from '../../../interfaces/telegram/refusal-replies.ts';
import type { BotMessage, EmulatedUser } from '../../support/bot-api-emulator.ts';
import { eventually } from '../../support/eventually.ts';
import { type TelegramHarness, startTelegramHarness } from '../../support/telegram-harness.ts';

// A refused admin command is answered from `BOT_REFUSALS`, through a running bot and the Bot API emulator.
const test = anyTest.serial as TestFn<{ harness: TelegramHarness }>;

const ADMIN: EmulatedUser = { id: 1101, first_name: 'Анна', language_code: 'ru' };
const NEWCOMER: EmulatedUser = { id: 1202, first_name: 'Новичок', language_code: 'ru' };
const NOBODY = 777777;
const t8n = translator('ru', defaultSettings());

test.before(async (t) => {
  t.context.harness = await startTelegramHarness({ TELEGRAM_ADMIN_IDS: String(ADMIN.id) });
  const runtime = await t.context.harness.startBot();
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

async function ask(t: { context: { harness: TelegramHarness } }, user: EmulatedUser, text: string) {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(user.id).length;
  emulator.sendText(user, text);
  const reply = await eventually(() => emulator.sentTo(user.id)[before], 5000);
  if (!reply) throw new Error(`no answer to ${text}`);
  return reply;
}

async function press(t: { context: { harness: TelegramHarness } }, message: BotMessage, label: string) {
  const { emulator } = t.context.harness;
  const data = (message.reply_markup?.inline_keyboard ?? [])
    .flat()
    .find((b) => b.text === label)?.callback_data;
  if (data === undefined) throw new Error(`no button ${label}`);
  const callbackId = emulator.press(ADMIN, message.message_id, data);
  const answer = await eventually(() => emulator.callbackAnswers.get(callbackId), 5000);
  if (!answer) throw new Error(`no answer to the press of ${label}`);
  return answer.text;
}

test('a /role or /block of a user nobody knows is answered with TELEGRAM_USER.NOT_FOUND’s reply', async (t) => {
  const expected = t8n(BOT_REFUSALS['TELEGRAM_USER.NOT_FOUND'].reply, { id: NOBODY });
  t.is(expected, `Пользователь ${NOBODY} не найден или ещё не получил доступ.`);
  t.is((await ask(t, ADMIN, `/role ${NOBODY} operator`)).text, expected);
  t.is((await ask(t, ADMIN, `/block ${NOBODY}`)).text, expected);
});

test('a /role of a user still waiting for access is answered with TELEGRAM_USER.NOT_APPROVED’s reply', async (t) => {
  const { emulator } = t.context.harness;
  await ask(t, NEWCOMER, '/start');
  await eventually(() => emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${NEWCOMER.id}`)), 5000);
  t.is(
    (await ask(t, ADMIN, `/role ${NEWCOMER.id} viewer`)).text,
    t8n(BOT_REFUSALS['TELEGRAM_USER.NOT_APPROVED'].reply, { id: NEWCOMER.id }),
  );
});

test('a decision pressed after another is answered with TELEGRAM_USER.ALREADY_DECIDED’s button text', async (t) => {
  const { emulator } = t.context.harness;
  const request = await eventually(
    () => emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${NEWCOMER.id}`)),
    5000,
  );
  if (!request) throw new Error('the admin was not asked');
  t.is(await press(t, request, 'наблюдатель'), 'Готово.');
  t.is(await press(t, request, '⛔'), t8n(BOT_REFUSALS['TELEGRAM_USER.ALREADY_DECIDED'].button));
  t.is(t8n(BOT_REFUSALS['TELEGRAM_USER.ALREADY_DECIDED'].button), 'По этому запросу уже принято решение.');
});
