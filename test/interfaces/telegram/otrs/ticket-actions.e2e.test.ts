import anyTest, { type TestFn } from 'ava';
import type { EmulatedUser } from '../../../support/bot-api-emulator.ts';
import { eventually } from '../../../support/eventually.ts';
import { callbackKeyOf, callbackSigner } from '../../../../interfaces/telegram/callback-data.ts';
import { pickerFields } from '../../../../interfaces/telegram/otrs/reassign-picker.ts';
import { TEST_BOT_TOKEN } from '../../../support/telegram-harness.ts';
import { type ActionsWorld, startActionsWorld } from './ticket-actions-fixture.ts';

// Actions from Telegram (#16) through the running bot, the Bot API emulator, the otrs-actions reactor, the
// action worker and a local OTRS server: each step is made with the agent's own session.
const test = anyTest.serial as TestFn<ActionsWorld>;

const ANNA: EmulatedUser = { id: 1601, first_name: 'Anna', language_code: 'en' };
const BORIS: EmulatedUser = { id: 1602, first_name: 'Борис', language_code: 'ru' };
const VIKTOR: EmulatedUser = { id: 1603, first_name: 'Viktor', language_code: 'en' };

test.before(async (t) => {
  Object.assign(t.context, await startActionsWorld([ANNA, BORIS, VIKTOR]));
  await t.context.link(ANNA, 'anna');
  await t.context.link(BORIS, 'boris');
});

test.after.always(async (t) => {
  await t.context.close?.();
});

const agentId = (t: { context: ActionsWorld }, login: string) => t.context.otrs.state.agents.get(login)?.id;
const history = (t: { context: ActionsWorld }, ticketId: number) =>
  t.context.otrs.state.tickets.get(ticketId)?.history ?? [];
const requests = async (t: { context: ActionsWorld }, ticketId: number) =>
  (await t.context.ticketEvents(ticketId)).filter((e) => e.type === 'TicketActionRequested');

test('an agent takes a ticket, adds a note and closes it from Telegram; OTRS shows each step by that agent', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Printer on fire');
  const anna = agentId(t, 'anna');

  t.is(await t.context.press(ANNA, 'take', ticketId), `Ticket ${number} is yours now.`);
  const ticket = t.context.otrs.state.tickets.get(ticketId);
  t.is(ticket?.lock, 'lock');
  t.is(ticket?.ownerId, anna);
  t.like(
    history(t, ticketId).filter((h) => h.historyType === 'Lock' || h.historyType === 'OwnerUpdate'),
    [{ createdBy: anna }, { createdBy: anna }],
  );
  // The card can show who took it without waiting for the poller: the agent's read was recorded.
  const owner = await eventually(async () =>
    (await t.context.ticketEvents(ticketId)).find((e) => e.type === 'TicketOwnerChanged'),
  );
  t.like(owner?.data, { to: anna });

  t.is(
    await t.context.press(ANNA, 'note', ticketId),
    `Write the note for ticket ${number} as your next message here (within 10 minutes).`,
  );
  t.regex(
    (await t.context.say(ANNA, 'Called the customer: toner ordered')) ?? '',
    /I will tell you the outcome/,
  );
  const note = await eventually(() =>
    t.context.otrs.state.tickets
      .get(ticketId)
      ?.articles.find((a) => a.body === 'Called the customer: toner ordered'),
  );
  t.like(note, { senderType: 'agent', isVisibleForCustomer: false, createdBy: anna });
  t.like(
    history(t, ticketId).find((h) => h.historyType === 'AddNote'),
    { createdBy: anna, articleId: note?.id },
  );
  // A note message's outcome is told by a notice (the outbox), in the agent's language.
  const told = (text: string) =>
    eventually(() => t.context.harness.emulator.sentTo(ANNA.id).some((m) => m.text === text), 15_000);
  t.true(await told(`The note is added to ticket ${number}.`));
  // A command's outcome is told by a notice too; the next message is no note any more.
  t.regex((await t.context.say(ANNA, `/close ${number}`)) ?? '', /I will tell you the outcome/);
  const closed = await eventually(() => t.context.otrs.state.tickets.get(ticketId)?.stateId === 2);
  t.true(closed, 'closed successful (the otrs.closeState default)');
  t.like(
    history(t, ticketId).find((h) => h.historyType === 'StateUpdate'),
    { createdBy: anna, name: '%%new%%closed successful%%' },
  );
  t.is(t.context.otrs.state.tickets.get(ticketId)?.articles.length, 2, 'the command was no note');
  t.true(await told(`Ticket ${number} is closed.`));
  const texts = t.context.harness.emulator.sentTo(ANNA.id).map((m) => m.text);
  t.false(texts.includes(`Ticket ${number} is yours now.`), 'the button told its outcome itself');
  const kinds = (await requests(t, ticketId)).map((e) =>
    e.type === 'TicketActionRequested' ? e.data.action.kind : '',
  );
  t.deepEqual(kinds, ['take', 'note', 'close']);
});

test('a button pressed twice asks OTRS once, and a redelivered press asks nothing again', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Pressed twice');
  const { emulator } = t.context.harness;
  const first = t.context.press(ANNA, 'take', ticketId);
  const second = t.context.press(ANNA, 'take', ticketId);
  t.is(await first, `Ticket ${number} is yours now.`);
  t.regex((await second) ?? '', new RegExp(`Ticket ${number} is yours now|Nothing to do`));
  const locks = history(t, ticketId).filter(
    (h) => h.historyType === 'Lock' || h.historyType === 'OwnerUpdate',
  );
  t.is(locks.length, 2, 'one Lock and one OwnerUpdate');
  const updates = t.context.otrs.callsOf('TicketUpdate').filter((c) => c.data.TicketID === String(ticketId));
  t.is(updates.length, 1, 'one TicketUpdate');

  const before = (await requests(t, ticketId)).length;
  const press = emulator.pushed.filter((u) => u.callback_query).at(-1);
  if (!press) throw new Error('no press pushed');
  emulator.redeliver(press);
  await t.context.press(ANNA, 'take', ticketId); // a later update: the redelivery was handled before it
  t.true((await requests(t, ticketId)).length <= before + 1);
  t.is(
    t.context.otrs.callsOf('TicketUpdate').filter((c) => c.data.TicketID === String(ticketId)).length,
    1,
    'still one TicketUpdate',
  );
});

test('someone not linked, or not the agent, is told so and nothing is written', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Not yours');
  const updatesBefore = t.context.otrs.callsOf('TicketUpdate').length;
  t.is(await t.context.press(VIKTOR, 'take', ticketId), 'Link your OTRS account first: /otrs_link');
  t.is(await t.context.say(VIKTOR, `/close ${number}`), 'Link your OTRS account first: /otrs_link');
  t.is(await t.context.press(VIKTOR, 'note', ticketId), 'Link your OTRS account first: /otrs_link');
  t.is((await requests(t, ticketId)).length, 0);

  t.is(await t.context.press(ANNA, 'take', ticketId), `Ticket ${number} is yours now.`);
  // Boris (Russian) presses take on Anna's ticket: refused, by the decider or by OTRS's lock.
  t.regex((await t.context.press(BORIS, 'take', ticketId)) ?? '', /Эту заявку уже взял другой агент/);
  t.is(t.context.otrs.state.tickets.get(ticketId)?.ownerId, agentId(t, 'anna'));
  t.is(t.context.otrs.callsOf('TicketUpdate').length, updatesBefore + 1, "only Anna's take reached OTRS");
  t.is(await t.context.say(ANNA, '/take 12ab'), 'Give a ticket number: /take 2026120410000011');
  t.is(
    await t.context.say(ANNA, '/take 99999999999'),
    'TBot does not know that ticket (or it has not come from OTRS yet).',
  );
});

test('a note of 100 KB or with control characters is refused clearly; a good one follows', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Long note');
  t.regex((await t.context.say(ANNA, `/note ${number}`)) ?? '', /Write the note for ticket/);
  t.is(
    await t.context.say(ANNA, 'x'.repeat(100_000)),
    'The note is longer than 10,000 characters: shorten it.',
  );
  t.is(await t.context.say(ANNA, 'bell \u0007 here'), 'The note holds control characters: remove them.');
  t.is((await requests(t, ticketId)).length, 0, 'nothing asked');
  // The draft stayed open for a better note.
  t.regex((await t.context.say(ANNA, 'Short and fine')) ?? '', /I will tell you the outcome/);
  t.truthy(
    await eventually(() =>
      t.context.otrs.state.tickets.get(ticketId)?.articles.some((a) => a.body === 'Short and fine'),
    ),
  );
  t.is(t.context.otrs.state.tickets.get(ticketId)?.articles.length, 2);
});

test('a ticket changed by someone else: taken by a colleague since TBot looked is refused; another change is kept', async (t) => {
  const taken = await t.context.newTicket('Taken in the web UI');
  const ticket = t.context.otrs.state.tickets.get(taken.ticketId);
  if (!ticket) throw new Error('no ticket');
  t.context.otrs.state.change(ticket, agentId(t, 'boris') ?? 0, { lock: 'lock', owner: 'boris' });
  t.is(
    await t.context.press(ANNA, 'take', taken.ticketId),
    `Ticket ${taken.number}: Another agent has taken that ticket.`,
  );
  t.is(ticket.ownerId, agentId(t, 'boris') ?? -1, 'not taken from Boris');

  // Boris raises the priority between the worker's read and its update: the take sends only lock and owner.
  const raced = await t.context.newTicket('Raced');
  t.context.otrs.faults.add({
    kind: 'changeAfterRead',
    ticketId: raced.ticketId,
    by: 'boris',
    change: { priority: '5 very high' },
  });
  t.is(await t.context.press(ANNA, 'take', raced.ticketId), `Ticket ${raced.number} is yours now.`);
  const after = t.context.otrs.state.tickets.get(raced.ticketId);
  t.is(after?.ownerId, agentId(t, 'anna'));
  t.is(after?.priorityId, 5, "Boris's change is kept");
  t.deepEqual(
    history(t, raced.ticketId)
      .slice(-3)
      .map((h) => [h.historyType, h.createdBy]),
    [
      ['PriorityUpdate', agentId(t, 'boris')],
      ['Lock', agentId(t, 'anna')],
      ['OwnerUpdate', agentId(t, 'anna')],
    ],
  );
  const priority = await eventually(async () =>
    (await t.context.ticketEvents(raced.ticketId)).find((e) => e.type === 'TicketPriorityChanged'),
  );
  t.truthy(priority, "the refresh recorded Boris's change too");
});

test('an expired session: the press says log in again, the link asks for it, OTRS is unchanged', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Expired');
  t.context.otrs.expireSessions('boris');
  t.is(
    await t.context.press(BORIS, 'close', ticketId),
    // OTRS's own words come with it.
    `Заявка ${number}: Сессия OTRS истекла: войдите снова командой /otrs_link OTRS: TicketUpdate: User could not be authenticated!`,
  );
  t.is(t.context.otrs.state.tickets.get(ticketId)?.stateId, 1, 'still new');
  const link = await t.context.actions.bot.requests.agentOf(BORIS.id);
  t.is(link.link, 'expired');
  // Asked again: refused at once, nothing asked of OTRS.
  const updates = t.context.otrs.callsOf('TicketUpdate').length;
  t.is(
    await t.context.press(BORIS, 'close', ticketId),
    'Сессия OTRS истекла: войдите снова командой /otrs_link',
  );
  t.is(t.context.otrs.callsOf('TicketUpdate').length, updates);
  t.is((await requests(t, ticketId)).length, 1);
  await t.context.link(BORIS, 'boris');
  t.is(await t.context.press(BORIS, 'close', ticketId), `Заявка ${number} закрыта.`);
});

test('OTRS down: the press says OTRS is unavailable, nothing is half-recorded, and the next action goes through', async (t) => {
  const { ticketId, number } = await t.context.newTicket('OTRS down');
  t.context.otrs.faults.add({ kind: 'html' }, { operation: 'TicketUpdate' });
  t.is(await t.context.press(ANNA, 'close', ticketId), `Ticket ${number}: OTRS is unavailable, try later.`);
  t.is(t.context.otrs.state.tickets.get(ticketId)?.stateId, 1);
  const failed = (await t.context.ticketEvents(ticketId)).find((e) => e.type === 'TicketActionFailed');
  t.like(failed?.data, {
    kind: 'close',
    error: { code: 'OTRS.UNAVAILABLE', message: 'OTRS is unavailable, try later' },
  });
  // The reactor and the worker go on: the same close, pressed again, is made.
  t.is(await t.context.press(ANNA, 'close', ticketId), `Ticket ${number} is closed.`);
  t.is(t.context.otrs.state.tickets.get(ticketId)?.stateId, 2);
});

test('an action made again (a replay, a second worker) calls OTRS no second time once its outcome is recorded', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Replayed');
  t.is(await t.context.press(ANNA, 'take', ticketId), `Ticket ${number} is yours now.`);
  const [asked] = await requests(t, ticketId);
  if (asked?.type !== 'TicketActionRequested') throw new Error('no action asked');
  const calls = t.context.otrs.calls.length;
  await t.context.actions.runner.run(ticketId, asked.data.actionId, 2);
  t.is(t.context.otrs.calls.length, calls, 'no call at all');
  const outcomes = (await t.context.ticketEvents(ticketId)).filter((e) => e.type === 'TicketActionSucceeded');
  t.is(outcomes.length, 1);
});

test('an agent reassigns a ticket to a linked agent or a queue by command; an unknown agent is told so', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Reassigned');
  t.is(
    await t.context.say(ANNA, `/reassign ${number} @nobody`),
    'No linked agent has the OTRS login “nobody”.',
  );
  t.regex((await t.context.say(ANNA, `/reassign ${number} @boris`)) ?? '', /I will tell you the outcome/);
  const boris = agentId(t, 'boris');
  t.true(await eventually(() => t.context.otrs.state.tickets.get(ticketId)?.ownerId === boris));
  t.like(
    history(t, ticketId).find((h) => h.historyType === 'OwnerUpdate'),
    { createdBy: agentId(t, 'anna'), ownerId: boris },
  );
  const told = (text: string) =>
    eventually(() => t.context.harness.emulator.sentTo(ANNA.id).some((m) => m.text === text), 15_000);
  t.true(await told(`Ticket ${number} is reassigned.`));
  t.regex((await t.context.say(ANNA, `/reassign ${number} Junk`)) ?? '', /I will tell you the outcome/);
  t.true(await eventually(() => t.context.otrs.state.tickets.get(ticketId)?.queueId === 3));
  t.like(
    history(t, ticketId).find((h) => h.historyType === 'Move'),
    { createdBy: agentId(t, 'anna') },
  );
});

/** Sends `/help` and returns the help (a notice of an earlier action may arrive first). */
async function helpOf(t: { context: ActionsWorld }, user: EmulatedUser, header: string) {
  const { emulator } = t.context.harness;
  const before = emulator.sentTo(user.id).length;
  emulator.sendText(user, '/help');
  const help = await eventually(
    () =>
      emulator
        .sentTo(user.id)
        .slice(before)
        .find((m) => m.text.startsWith(header)),
    15_000,
  );
  return help?.text ?? '';
}

test('/help lists the OTRS action commands in the user’s language, and not the features that are off', async (t) => {
  const en = await helpOf(t, ANNA, 'What you can do');
  for (const line of [
    '/take NUMBER — take a ticket',
    '/note NUMBER — an internal note (your next message)',
    '/reassign NUMBER @login|QUEUE — give a ticket to another agent or queue',
    '/close NUMBER — close a ticket',
  ]) {
    t.true(en.includes(line), en);
  }
  // This bot has linking (a note step and a password step share one conversation) but no OTRS read model:
  // the reads' lines are not offered.
  t.true(en.includes('/otrs_link'), en);
  t.false(en.includes('/mytickets'), en);
  const ru = await helpOf(t, BORIS, 'Что вы можете сделать');
  t.true(ru.includes('/take НОМЕР — взять заявку'), ru);
  t.true(ru.includes('/reassign НОМЕР @логин|ОЧЕРЕДЬ'), ru);
});

const pickerOf = (t: { context: ActionsWorld }, user: EmulatedUser, number: string) =>
  eventually(() =>
    t.context.harness.emulator
      .sentTo(user.id)
      .findLast((m) => m.text === `Give ticket ${number} to whom?` && m.reply_markup !== undefined),
  );

/** Presses the picker's button labelled `label` and returns the answer's text. */
async function choose(t: { context: ActionsWorld }, user: EmulatedUser, number: string, label: string) {
  const picker = await pickerOf(t, user, number);
  const button = picker?.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
  if (!picker || !button?.callback_data) throw new Error(`no ${label} in the picker`);
  const { emulator } = t.context.harness;
  const id = emulator.press(user, picker.message_id, button.callback_data);
  return (await eventually(() => emulator.callbackAnswers.get(id), 15_000))?.text;
}

test('the card’s Reassign offers the other linked agents and the queues; a choice reassigns as /reassign does', async (t) => {
  await t.context.newTicket('A ticket in Junk', 'Junk'); // the read model now knows the queue Junk
  const { ticketId, number } = await t.context.newTicket('Reassigned by buttons');
  t.is(await t.context.press(ANNA, 'reassign', ticketId), `Give ticket ${number} to whom?`);
  const picker = await pickerOf(t, ANNA, number);
  const labels = picker?.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
  t.deepEqual(labels, ['👤 boris', '📂 Junk', '📂 Raw'], 'the other linked agents, then the queues');

  t.is(await choose(t, ANNA, number, '👤 boris'), `Ticket ${number} is reassigned.`);
  const boris = agentId(t, 'boris');
  t.is(t.context.otrs.state.tickets.get(ticketId)?.ownerId, boris);
  t.like(
    history(t, ticketId).find((h) => h.historyType === 'OwnerUpdate'),
    { createdBy: agentId(t, 'anna'), ownerId: boris },
  );
  // A redelivered press asks nothing again (the action's id is the update's).
  const updates = () =>
    t.context.otrs.callsOf('TicketUpdate').filter((c) => c.data.TicketID === String(ticketId)).length;
  const { emulator } = t.context.harness;
  const press = emulator.pushed.filter((u) => u.callback_query).at(-1);
  if (!press) throw new Error('no press pushed');
  const asked = (await requests(t, ticketId)).length;
  emulator.redeliver(press);
  await helpOf(t, ANNA, 'What you can do'); // handled after the redelivery, in order per chat
  t.is(updates(), 1, 'one TicketUpdate');
  t.is((await requests(t, ticketId)).length, asked);

  t.is(await choose(t, ANNA, number, '📂 Junk'), `Ticket ${number} is reassigned.`);
  t.is(t.context.otrs.state.tickets.get(ticketId)?.queueId, 3);
  t.like(
    history(t, ticketId).find((h) => h.historyType === 'Move'),
    { createdBy: agentId(t, 'anna') },
  );
  // Boris's picker (Russian) leaves him out and offers Anna.
  t.is(await t.context.press(BORIS, 'reassign', ticketId), `Кому передать заявку ${number}?`);
  const his = await eventually(() =>
    emulator.sentTo(BORIS.id).findLast((m) => m.text === `Кому передать заявку ${number}?`),
  );
  t.deepEqual(
    his?.reply_markup?.inline_keyboard.flat().map((b) => b.text),
    ['👤 anna', '📂 Junk', '📂 Raw'],
  );
});

test('a picker press that is forged, from someone not linked, or to a queue TBot does not know writes nothing', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Picker refusals');
  t.is(await t.context.press(ANNA, 'reassign', ticketId), `Give ticket ${number} to whom?`);
  const picker = await pickerOf(t, ANNA, number);
  const boris = picker?.reply_markup?.inline_keyboard.flat().find((b) => b.text === '👤 boris');
  if (!picker || !boris?.callback_data) throw new Error('no picker');
  const { emulator } = t.context.harness;
  const answerOf = async (user: EmulatedUser, data: string) => {
    const id = emulator.press(user, picker.message_id, data);
    return (await eventually(() => emulator.callbackAnswers.get(id), 15_000))?.text;
  };
  // Tampered data (the agent's id read as a queue's) fails its signature.
  t.is(await answerOf(ANNA, boris.callback_data.replace(/:a:/, ':q:')), 'Unknown button.');
  const signer = callbackSigner(callbackKeyOf(TEST_BOT_TOKEN));
  t.is(
    await answerOf(ANNA, signer.sign(ANNA.id, pickerFields(ticketId, { kind: 'queue', queueId: 999 }))),
    'TBot no longer knows that queue: /reassign NUMBER QUEUE',
  );
  const viktorData = signer.sign(
    VIKTOR.id,
    pickerFields(ticketId, { kind: 'agent', telegramUserId: BORIS.id }),
  );
  const id = emulator.press(VIKTOR, 0, viktorData);
  t.is(
    (await eventually(() => emulator.callbackAnswers.get(id), 15_000))?.text,
    'Link your OTRS account first: /otrs_link',
  );
  t.is((await requests(t, ticketId)).length, 0, 'nothing asked');
});
