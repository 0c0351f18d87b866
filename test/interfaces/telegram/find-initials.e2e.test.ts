import anyTest, { type TestFn } from 'ava';
import type { BotMessage, EmulatedUser } from '../../support/bot-api-emulator.ts';
import {
  type FixturePerson,
  fixtureId,
  seedDirectory,
  smallDirectory,
} from '../../support/directory-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { type TelegramHarness, startTelegramHarness } from '../../support/telegram-harness.ts';

/** `/find` with a surname and initials, as documents and tickets name people (#14), through the real bot. */

interface Context {
  harness: TelegramHarness;
}

const test = anyTest as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 1101, first_name: 'Анна', username: 'anna', language_code: 'ru' };
const AGENT: EmulatedUser = { id: 1202, first_name: 'Виктор', language_code: 'ru' };

test.before(async (t) => {
  const harness = await startTelegramHarness({ TELEGRAM_ADMIN_IDS: String(ADMIN.id) });
  t.context.harness = harness;
  const directory = smallDirectory();
  const [departmentId = ''] = Object.keys(directory.departments);
  const lebedevy: FixturePerson[] = [
    'Лебедева Елена Олеговна',
    'Лебедева Анна Ивановна',
    'Лебедева Елена Ивановна',
  ].map((fullName, i) => ({
    employeeId: fixtureId('e', 500 + i),
    departmentId,
    details: { fullName, position: 'Экономист', extension: String(5500 + i) },
  }));
  const checkpoint = await seedDirectory(harness.eventStore, {
    ...directory,
    people: [...directory.people, ...lebedevy],
  });
  await harness.projected('employees', checkpoint);
  const runtime = await harness.startBot();
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

/** Sends `text` as `user` and waits for the bot's next message in that chat. */
async function ask(t: { context: Context }, user: EmulatedUser, text: string): Promise<BotMessage> {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(user.id).length;
  emulator.sendText(user, text);
  const reply = await eventually(() => emulator.sentTo(user.id)[before], 5000);
  if (!reply) throw new Error(`no answer to ${text}`);
  return reply;
}

test.serial('an agent approved by the admin finds a person by surname and initials', async (t) => {
  const { emulator } = t.context.harness;
  await ask(t, AGENT, '/start');
  const request = await eventually(
    () => emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${AGENT.id}`)),
    5000,
  );
  const viewer = (request?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .find((b) => b.text === 'наблюдатель')?.callback_data;
  if (request === undefined || viewer === undefined) throw new Error('no access request with a role button');
  emulator.press(ADMIN, request.message_id, viewer);
  t.true(await eventually(() => emulator.sentTo(AGENT.id).some((m) => m.text.startsWith('Доступ открыт'))));

  for (const query of ['Лебедева Е.И.', 'Е. И. Лебедева', 'ЛебедеваЕИ', 'Lebedeva E.I.', 'Kt,tltdf T/B/']) {
    const reply = await ask(t, AGENT, `/find ${query}`);
    const cards = reply.text.split('\n\n').slice(1);
    t.true(reply.text.startsWith(`Найдено по запросу «${query}»`), reply.text);
    t.is(cards.length, 1, reply.text);
    t.true(cards[0]?.startsWith('<b>Лебедева Елена Ивановна</b>'), reply.text);
  }
});
