import anyTest, { type TestFn } from 'ava';
import type { BotMessage, EmulatedChat, EmulatedUser } from '../../support/bot-api-emulator.ts';
import { seedDirectory, smallDirectory } from '../../support/directory-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { type TelegramHarness, startTelegramHarness } from '../../support/telegram-harness.ts';

interface Context {
  harness: TelegramHarness;
}

const test = anyTest as TestFn<Context>;

const ADMIN: EmulatedUser = {
  id: 1001,
  first_name: 'Анна',
  last_name: 'Админова',
  username: 'anna',
  language_code: 'ru',
};
const VIEWER: EmulatedUser = { id: 2002, first_name: 'Виктор', username: 'viktor', language_code: 'ru' };
const ENGLISH: EmulatedUser = { id: 3003, first_name: 'John', language_code: 'en' };
const REFUSED: EmulatedUser = { id: 5005, first_name: 'Отказник' };

test.before(async (t) => {
  const harness = await startTelegramHarness({ TELEGRAM_ADMIN_IDS: String(ADMIN.id) });
  t.context.harness = harness;
  const checkpoint = await seedDirectory(harness.eventStore, smallDirectory());
  await harness.projected('employees', checkpoint);
  const runtime = await harness.startBot();
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

/** What `probe` eventually returns; the test fails when nothing comes. */
async function arrives<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const value = await eventually(probe, 5000);
  if (value === undefined) throw new Error(`nothing arrived: ${probe.toString()}`);
  return value;
}

/** Sends `text` as `user` and waits for the bot's next message in that chat. */
async function ask(
  t: { context: Context },
  user: EmulatedUser,
  text: string,
  options: { chat?: EmulatedChat; threadId?: number; topicName?: string } = {},
): Promise<BotMessage> {
  const { emulator } = t.context.harness;
  const chatId = options.chat?.id ?? user.id;
  const before = emulator.sentTo(chatId).length;
  emulator.sendText(user, text, options);
  const reply = await eventually(() => emulator.sentTo(chatId)[before], 5000);
  if (!reply) throw new Error(`no answer to ${text} in chat ${chatId}`);
  return reply;
}

/** Presses the button labelled `label` (or whose data passes `pick`) and waits for the press's answer. */
async function press(
  t: { context: Context },
  user: EmulatedUser,
  message: BotMessage,
  data: string,
): Promise<{ text?: string }> {
  const { emulator } = t.context.harness;
  const callbackId = emulator.press(user, message.message_id, data);
  const answer = await eventually(() => emulator.callbackAnswers.get(callbackId), 5000);
  if (!answer) throw new Error(`no answer to the press of ${data}`);
  return answer;
}

const buttons = (message: BotMessage | undefined) =>
  (message?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ({ text: b.text, data: b.callback_data ?? '' }));

const button = (message: BotMessage | undefined, text: string) => {
  const found = buttons(message).find((b) => b.text === text);
  if (!found) throw new Error(`no button ${text} in ${JSON.stringify(buttons(message))}`);
  return found.data;
};

let nextUserId = 9000;

/**
 * A new user, approved by the admin with the role button `roleLabel`. Each test that sends many updates
 * uses users of its own: the per-user rate limit (30 a minute) holds in tests too.
 */
async function newUser(t: { context: Context }, roleLabel: string): Promise<EmulatedUser> {
  const { emulator } = t.context.harness;
  const user: EmulatedUser = { id: (nextUserId += 1), first_name: `Тест${nextUserId}`, language_code: 'ru' };
  await ask(t, user, '/start');
  const request = await arrives(() =>
    emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${user.id}`)),
  );
  await press(t, ADMIN, request, button(request, roleLabel));
  await eventually(() => emulator.sentTo(user.id).some((m) => m.text.startsWith('Доступ открыт')));
  return user;
}

test.serial('an admin named by TELEGRAM_ADMIN_IDS is welcome from the first message', async (t) => {
  const reply = await ask(t, ADMIN, '/start');
  t.is(reply.text, 'Здравствуйте! Я бот ИТ-отдела. Чем могу помочь?');
  const help = await ask(t, ADMIN, '/help');
  t.true(help.text.includes('/role ID'), help.text);
});

test.serial('a stranger asks for access and an admin approves with an inline button', async (t) => {
  const { emulator } = t.context.harness;
  const first = await ask(t, VIEWER, '/find Иванов');
  t.is(first.text, 'Доступ запрошен. Администратор рассмотрит запрос, и я сообщу о решении.');

  const request = await arrives(() =>
    emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${VIEWER.id}`)),
  );
  t.truthy(request);
  t.true(request.text.includes('Виктор (@viktor'), request.text);
  t.deepEqual(
    buttons(request).map((b) => b.text),
    ['наблюдатель', 'оператор', 'администратор', '⛔'],
  );

  const again = await ask(t, VIEWER, '/find Иванов');
  t.is(again.text, 'Ваш запрос доступа ещё рассматривается.');
  t.is(
    emulator.sentTo(ADMIN.id).filter((m) => m.text.includes(`id ${VIEWER.id}`)).length,
    1,
    'the admins are asked once',
  );

  const operatorButton = button(request, 'оператор');
  const answer = await press(t, ADMIN, request, button(request, 'наблюдатель'));
  t.is(answer.text, 'Готово.');
  const granted = await eventually(() =>
    emulator.sentTo(VIEWER.id).find((m) => m.text.startsWith('Доступ открыт')),
  );
  t.is(granted?.text, 'Доступ открыт, ваша роль: наблюдатель. Команды: /help');
  await eventually(() => emulator.messages.get(request.message_id)?.text.startsWith('✅'));
  t.is(
    emulator.messages.get(request.message_id)?.text,
    '✅ Виктор: доступ открыт, роль наблюдатель (Анна Админова).',
  );
  t.is(emulator.messages.get(request.message_id)?.reply_markup, undefined, 'the buttons are gone');

  const stale = await press(t, ADMIN, request, operatorButton);
  t.is(stale.text, 'По этому запросу уже принято решение.');
});

test.serial('the read model lists the approved user and the admin', async (t) => {
  const { pool } = t.context.harness.database;
  const rows = await eventually(async () => {
    const { rows } = await pool.query<{ telegram_user_id: string; status: string; role: string | null }>(
      `select telegram_user_id, status, role from telegram.users where status = 'approved' order by 1`,
    );
    return rows.length === 2 ? rows : null;
  });
  t.deepEqual(rows, [
    { telegram_user_id: String(ADMIN.id), status: 'approved', role: 'admin' },
    { telegram_user_id: String(VIEWER.id), status: 'approved', role: 'viewer' },
  ]);
});

test.serial('a denied user is told so and nothing else happens', async (t) => {
  const { emulator } = t.context.harness;
  await ask(t, REFUSED, '/start');
  const request = await arrives(() =>
    emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${REFUSED.id}`)),
  );
  await press(t, ADMIN, request, button(request, '⛔'));
  const told = await eventually(() =>
    emulator.sentTo(REFUSED.id).find((m) => m.text.startsWith('В доступе отказано')),
  );
  t.truthy(told);
  const reply = await ask(t, REFUSED, '/find Иванов');
  t.is(reply.text, 'В доступе отказано. Если это ошибка, обратитесь в ИТ-отдел.');
});

test.serial('a viewer sees only what the role may do', async (t) => {
  const help = await ask(t, VIEWER, '/help');
  t.true(help.text.includes('/find'), help.text);
  t.false(help.text.includes('/whois'), help.text);
  t.false(help.text.includes('/role'), help.text);
  t.is((await ask(t, VIEWER, '/whois ws-buh-01')).text, 'Эта команда недоступна для вашей роли.');
  t.is((await ask(t, VIEWER, `/role ${VIEWER.id} admin`)).text, 'Эта команда недоступна для вашей роли.');
  const me = await ask(t, VIEWER, '/me');
  t.true(me.text.includes(`id ${VIEWER.id}`) && me.text.includes('Роль: наблюдатель'), me.text);
});

test.serial('an admin changes a role with /role; the user is told, and may then use /whois', async (t) => {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(VIEWER.id).length;
  t.is(
    (await ask(t, ADMIN, `/role ${VIEWER.id} operator`)).text,
    `Роль пользователя ${VIEWER.id}: оператор.`,
  );
  const told = await arrives(() => emulator.sentTo(VIEWER.id)[before]);
  t.is(told.text, 'Ваша роль теперь: оператор. Команды: /help');
  t.is(
    (await ask(t, ADMIN, `/role ${VIEWER.id} operator`)).text,
    `Роль пользователя ${VIEWER.id}: оператор.`,
  );
  const whois = await ask(t, VIEWER, '/whois ws-buh-01');
  t.true(whois.text.startsWith('За «ws-buh-01»:'), whois.text);
  t.true(whois.text.includes('<b>Иванов Иван Петрович</b>'), whois.text);
  const byIp = await ask(t, VIEWER, '/whois 10.0.2.7');
  t.true(byIp.text.includes('Семёнов Пётр Алексеевич'), byIp.text);
  t.is((await ask(t, VIEWER, '/whois ws-nobody-99')).text, 'За «ws-nobody-99» никто не закреплён.');
  t.is((await ask(t, VIEWER, '/whois')).text, 'Укажите имя компьютера или IP: /whois ws-buh-01');
});

test.serial(
  '/find and /whois with a control character answer as without it, never failing (#12 point 3)',
  async (t) => {
    const user = await newUser(t, 'оператор');
    const found = await ask(t, user, '/find Иванов\u0000 Иван\u001b');
    t.true(found.text.includes('<b>Иванов Иван Петрович</b>'), found.text);
    const whois = await ask(t, user, '/whois ws-buh-01\u0000');
    t.is(whois.text, 'Укажите имя компьютера или IP: /whois ws-buh-01');
    t.false(
      t.context.harness.logs.some(
        (line) => line.level === 'warn' && line.message === 'telegram feature failed',
      ),
    );
  },
);

test.serial('/find answers a card with tappable phones, department, room and workstation', async (t) => {
  const user = await newUser(t, 'наблюдатель');
  const reply = await ask(t, user, '/find Иванов');
  t.true(reply.text.startsWith('Найдено по запросу «Иванов», 1–'), reply.text);
  const card = reply.text.split('\n\n')[1] ?? '';
  t.is(
    card,
    [
      '<b>Иванов Иван Петрович</b>',
      'Главный бухгалтер · Бухгалтерия',
      '📞 Тел. +74957001001, доб. 2301, Моб. +79161234567',
      '🚪 Кабинет 301',
      '🖥 ПК <code>ws-buh-01</code> (10.0.1.15)',
    ].join('\n'),
  );
});

test.serial('/find searches by name typo, transliteration, phone, extension, host and IP', async (t) => {
  const user = await newUser(t, 'наблюдатель');
  const first = async (query: string) => (await ask(t, user, `/find ${query}`)).text.split('\n\n')[1] ?? '';
  for (const query of [
    'ивонов',
    'ivanov',
    'bdfyjd',
    '+7 916 123-45-67',
    '1234567',
    '2301',
    'ws-buh-01',
    '10.0.1.15',
  ]) {
    t.true((await first(query)).startsWith('<b>Иванов Иван Петрович</b>'), query);
  }
  t.true((await first('семенов')).startsWith('<b>Семёнов Пётр Алексеевич</b>'));
  t.is(
    (await ask(t, user, '/find Несуществующийчеловек')).text,
    'По запросу «Несуществующийчеловек» никого не нашлось.',
  );
  t.is(
    (await ask(t, user, '/find')).text,
    'Напишите, кого искать: /find Иванов, /find 2301, /find ws-buh-01',
  );
});

test.serial('"more" and "back" page through the results in place', async (t) => {
  const { emulator } = t.context.harness;
  const user = await newUser(t, 'наблюдатель');
  const page1 = await ask(t, user, '/find Олег Дмитриевич');
  t.true(page1.text.startsWith('Найдено по запросу «Олег Дмитриевич», 1–5:'), page1.text);
  t.deepEqual(
    buttons(page1).map((b) => b.text),
    ['Ещё ▸'],
  );
  const names1 = page1.text.split('\n\n').slice(1);

  const first = page1.text;
  t.deepEqual(await press(t, user, page1, button(page1, 'Ещё ▸')), {});
  const page2 = await arrives(() => {
    const edited = emulator.messages.get(page1.message_id);
    return edited?.text !== first ? edited : undefined;
  });
  t.true(page2?.text.startsWith('Найдено по запросу «Олег Дмитриевич», 6–8:'), page2?.text);
  t.deepEqual(
    buttons(page2).map((b) => b.text),
    ['◂ Назад'],
  );
  const names2 = page2.text.split('\n\n').slice(1);
  t.is(new Set([...names1, ...names2]).size, 8, 'no one twice, no one missing');

  await press(t, user, page2, button(page2, '◂ Назад'));
  t.true(await eventually(() => emulator.messages.get(page1.message_id)?.text === first));
});

test.serial('a tampered or foreign button gets a clear answer, never an exception', async (t) => {
  const user = await newUser(t, 'наблюдатель');
  const page = await ask(t, user, '/find Олег Дмитриевич');
  const data = button(page, 'Ещё ▸');
  const tampered = data.replace(/:(\d+):/, (_, offset: string) => `:${Number(offset) + 1}:`);
  t.not(tampered, data);
  t.is((await press(t, user, page, tampered)).text, 'Кнопка не распознана.');
  t.is((await press(t, user, page, 'p:1:0:AAAAAAAAAAAA')).text, 'Кнопка не распознана.');
  t.is((await press(t, user, page, 'garbage')).text, 'Кнопка не распознана.', 'a button of no feature');
  t.is(
    (await press(t, user, page, `acc:y:${user.id}:a:xxxxxxxxxxxx`)).text,
    'Эта команда недоступна для вашей роли.',
  );
  const adminPage = await ask(t, ADMIN, '/find Иванов');
  t.is((await press(t, ADMIN, adminPage, data)).text, 'Кнопка не распознана.', 'signed for another chat');
  t.false(
    t.context.harness.logs.some((l) => l.level === 'error'),
    JSON.stringify(t.context.harness.logs.filter((l) => l.level === 'error')),
  );
});

test.serial('a button whose query left the message log is stale', async (t) => {
  const { database } = t.context.harness;
  const user = await newUser(t, 'наблюдатель');
  const page = await ask(t, user, '/find Олег Дмитриевич');
  await database.pool.query(`delete from telegram.messages where message_id = $1 and direction = 'in'`, [
    page.message_id - 1,
  ]);
  t.is((await press(t, user, page, button(page, 'Ещё ▸'))).text, 'Этот список устарел: повторите поиск.');
});

test.serial('English users get English texts', async (t) => {
  await ask(t, ENGLISH, '/start');
  const request = await arrives(() =>
    t.context.harness.emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${ENGLISH.id}`)),
  );
  await press(t, ADMIN, request, button(request, 'оператор'));
  const granted = await eventually(() =>
    t.context.harness.emulator.sentTo(ENGLISH.id).find((m) => m.text.startsWith('Access granted')),
  );
  t.is(granted?.text, 'Access granted, your role: operator. Commands: /help');
  const reply = await ask(t, ENGLISH, '/find Ivanov');
  t.true(reply.text.startsWith('Found for “Ivanov”'), reply.text);
  t.true(reply.text.includes('Phone +74957001001, ext. 2301'), reply.text);
});

test.serial('texts are editable through settings', async (t) => {
  const { settings } = t.context.harness;
  settings['bot.welcomeText'] = 'Привет от <ИТ>!';
  try {
    t.is((await ask(t, VIEWER, '/start')).text, 'Привет от &lt;ИТ&gt;!');
  } finally {
    settings['bot.welcomeText'] = 'Здравствуйте! Я бот ИТ-отдела. Чем могу помочь?';
  }
});

test.serial('a redelivered update is handled once', async (t) => {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(VIEWER.id).length;
  await ask(t, VIEWER, '/me');
  emulator.redeliver(await arrives(() => emulator.pushed.at(-1)));
  await ask(t, VIEWER, '/start');
  const texts = emulator
    .sentTo(VIEWER.id)
    .slice(before)
    .map((m) => m.text.split('\n')[0]);
  t.deepEqual(texts, [
    `Вы: Виктор (@viktor), id ${VIEWER.id}`,
    'Здравствуйте! Я бот ИТ-отдела. Чем могу помочь?',
  ]);
});

test.serial(
  'groups and forum topics are registered for notifications, replies stay in the topic',
  async (t) => {
    const { emulator, database } = t.context.harness;
    const forum: EmulatedChat = {
      id: -1001234567890,
      type: 'supergroup',
      title: 'ИТ-дежурные',
      is_forum: true,
    };
    const reply = await ask(t, ADMIN, '/find Семёнов', { chat: forum, threadId: 77, topicName: 'Сервера' });
    t.is(reply.message_thread_id, 77);
    const chats = await eventually(async () => {
      const { rows } = await database.pool.query<{
        chat_id: string;
        title: string;
        is_forum: boolean;
        name: string;
      }>(
        `select c.chat_id, c.title, c.is_forum, t.name from telegram.chats c
       join telegram.topics t on t.chat_id = c.chat_id where c.chat_id = $1`,
        [forum.id],
      );
      return rows.length > 0 ? rows : null;
    });
    t.deepEqual(chats, [
      { chat_id: String(forum.id), title: 'ИТ-дежурные', is_forum: true, name: 'Сервера' },
    ]);
    t.is(emulator.conflicts, 0, 'one poller all along');
  },
);

test.serial('the message log keeps what went in and out', async (t) => {
  const { pool } = t.context.harness.database;
  const { rows } = await pool.query<{ direction: string; count: string }>(
    `select direction, count(*) from telegram.messages group by direction order by direction`,
  );
  t.is(rows.length, 2);
  t.true(
    rows.every((row) => Number(row.count) > 10),
    JSON.stringify(rows),
  );
});
