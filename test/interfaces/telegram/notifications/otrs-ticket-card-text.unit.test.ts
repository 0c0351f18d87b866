import test from 'ava';
import { callbackSigner } from '../../../../interfaces/telegram/callback-data.ts';
import {
  BadOutboxRowError,
  noticeKeyboard,
  renderNotice,
  withActorNames,
} from '../../../../interfaces/telegram/notifications/notice-rendering.ts';
import {
  otrsTicketCardKeyboard,
  otrsTicketCardText,
} from '../../../../interfaces/telegram/notifications/otrs-ticket-card-text.ts';
import { otrsEscalationText } from '../../../../interfaces/telegram/notifications/otrs-escalation-text.ts';
import { parseTicketButton } from '../../../../interfaces/telegram/otrs/ticket-callback.ts';
import type { TicketCardParams } from '../../../../projections/index.ts';

const en = { 'bot.language': 'en' };
const ru = { 'bot.language': 'ru' };
const signer = callbackSigner('test-key');

const card = (changes: Partial<TicketCardParams> = {}): TicketCardParams => ({
  ticketId: 4711,
  number: '2026120310000017',
  title: 'Printer in 214',
  queue: 'IT::Printers',
  priority: '3 normal',
  customer: 'Irina Ivanova (HQ)',
  excerpt: 'Good morning!\nThe printer does not print.',
  state: 'new',
  closed: false,
  locked: false,
  owner: null,
  ...changes,
});

test('a new ticket’s card: number, title, queue, priority, customer and the article’s first lines', (t) => {
  t.is(
    otrsTicketCardText(card(), en),
    '🎫 <b>#2026120310000017</b> · Printer in 214\n' +
      'Queue: IT::Printers · Priority: 3 normal\n' +
      'Customer: Irina Ivanova (HQ)\n' +
      '<blockquote>Good morning!\nThe printer does not print.</blockquote>',
  );
  t.is(
    otrsTicketCardText(card({ excerpt: null, customer: null, title: null }), ru),
    '🎫 <b>#2026120310000017</b>\nОчередь: IT::Printers · Приоритет: 3 normal',
  );
});

test('who took it: the linked agent’s Telegram name, else the OTRS login; OTRS’s default owner is no news', (t) => {
  const owner = { agentId: 12, login: 'p.petrov', telegramUserId: 5001, name: null };
  t.regex(otrsTicketCardText(card({ locked: true, owner }), en), /\n👤 Taken by p\.petrov\n/);
  t.regex(
    otrsTicketCardText(card({ locked: true, owner: { ...owner, name: 'Пётр <Петров>' } }), ru),
    /\n👤 Взял\(а\) Пётр &lt;Петров&gt;\n/,
  );
  t.regex(otrsTicketCardText(card({ owner }), en), /\n👤 Owner: p\.petrov\n/);
  t.notRegex(
    otrsTicketCardText(card({ owner: { ...owner, agentId: 1, login: 'root@localhost' } }), en),
    /👤/,
  );
  t.regex(
    otrsTicketCardText(card({ closed: true, state: 'closed successful' }), en),
    /✅ Closed: closed successful/,
  );
});

test('OTRS’s text is escaped, the excerpt is five lines at most, and a card of huge fields stays under Telegram’s limit', (t) => {
  const text = otrsTicketCardText(
    card({ title: '<script>&', customer: 'A & B <c@d>', excerpt: '1\n2\n\n3\n4\n5\n6\n7' }),
    en,
  );
  t.true(text.includes('· &lt;script&gt;&amp;\n'), text);
  t.true(text.includes('Customer: A &amp; B &lt;c@d&gt;'), text);
  t.true(text.includes('<blockquote>1\n2\n3\n4\n5</blockquote>'), text);

  const huge = otrsTicketCardText(
    card({
      number: '9'.repeat(100),
      title: '&'.repeat(1000),
      queue: '<'.repeat(1000),
      priority: '>'.repeat(1000),
      customer: '"'.repeat(1000),
      state: '&'.repeat(1000),
      closed: true,
      locked: true,
      owner: { agentId: 3, login: '&'.repeat(500), telegramUserId: null, name: null },
      excerpt: '&'.repeat(4000),
    }),
    en,
  );
  t.true(huge.length <= 4096, `${huge.length} characters`);
  // Never an entity cut in half: every & starts a whole one.
  t.notRegex(huge, /&(?!(amp|lt|gt|quot);)/);
  t.true(huge.endsWith('…</blockquote>'));
});

test('the buttons are signed for the card’s chat: all four while open, no take once taken, a note only once closed', (t) => {
  const actions = (params: TicketCardParams, chatId = -100) =>
    otrsTicketCardKeyboard(params, chatId, signer, en)
      .inline_keyboard.flat()
      .map((button) => parseTicketButton(signer.verify(chatId, button.callback_data) ?? [])?.action);
  t.deepEqual(actions(card()), ['take', 'note', 'reassign', 'close']);
  t.deepEqual(actions(card({ locked: true })), ['note', 'reassign', 'close']);
  t.deepEqual(actions(card({ closed: true })), ['note']);
  const [first] = otrsTicketCardKeyboard(card(), -100, signer, en).inline_keyboard.flat();
  t.is(signer.verify(-200, first?.callback_data ?? ''), null, 'not valid in another chat');
  t.deepEqual(
    otrsTicketCardKeyboard(card(), -100, signer, ru).inline_keyboard.map((row) => row.map((b) => b.text)),
    [
      ['✋ Беру', '📝 Заметка'],
      ['↪️ Передать', '✅ Закрыть'],
    ],
  );
});

test('the outbox row of a card renders, with its buttons and its owner named at send time; a bad row is refused', async (t) => {
  const owner = { agentId: 12, login: 'p.petrov', telegramUserId: 5001, name: null };
  const row = { kind: 'otrs.ticketCard', chatId: -100, params: { ...card({ locked: true, owner }) } };
  const named = await withActorNames(row, (actors) =>
    Promise.resolve(new Map(actors.map((a) => [`${a.kind}:${a.id}`, a.id === '5001' ? 'Pyotr' : '?']))),
  );
  t.regex(renderNotice(named, en), /Taken by Pyotr/);
  t.is(noticeKeyboard(named, en, signer)?.inline_keyboard.flat().length, 3);
  t.is(noticeKeyboard(named, en, null), undefined, 'no signer, no buttons');
  t.throws(() => renderNotice({ kind: 'otrs.ticketCard', params: { ticketId: 'x' } }, en), {
    instanceOf: BadOutboxRowError,
  });
  t.throws(() => renderNotice({ kind: 'otrs.escalation', params: {} }, en), {
    instanceOf: BadOutboxRowError,
  });
});

test('an escalation is one line in the bot’s language', (t) => {
  const params = {
    ticketId: 4711,
    number: '2026120310000017',
    title: 'Printer <214>',
    queue: 'IT::Printers',
    kind: 'solution' as const,
    deadline: '2026-12-04T09:00:00.000Z',
    escalated: false,
  };
  t.is(
    otrsEscalationText(params, en),
    '⏳ Escalation near: solution, due 2026-12-04 09:00 UTC · <b>#2026120310000017</b> · Printer &lt;214&gt; (Queue: IT::Printers)',
  );
  t.is(
    otrsEscalationText({ ...params, kind: 'firstResponse', escalated: true }, ru),
    '🔥 Эскалация: первый ответ, срок 2026-12-04 09:00 UTC · <b>#2026120310000017</b> · Printer &lt;214&gt; (Очередь: IT::Printers)',
  );
});
