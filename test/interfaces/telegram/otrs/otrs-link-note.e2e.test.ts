import anyTest, { type TestFn } from 'ava';
import type { EmulatedUser } from '../../../support/bot-api-emulator.ts';
import { eventually } from '../../../support/eventually.ts';
import { PASSWORDS, type ActionsWorld, startActionsWorld } from './ticket-actions-fixture.ts';

// One conversation step per user (review S1): a note draft and `/otrs_link`'s password step share the bot's
// conversations, so beginning one ends the other; a password never becomes a note. Through the running bot,
// the Bot API emulator, the action worker and the local OTRS server.
const test = anyTest.serial as TestFn<ActionsWorld>;

const ANNA: EmulatedUser = { id: 1801, first_name: 'Anna', language_code: 'en' };
const BORIS: EmulatedUser = { id: 1802, first_name: 'Boris', language_code: 'en' };

test.before(async (t) => {
  Object.assign(t.context, await startActionsWorld([ANNA, BORIS]));
  await t.context.link(ANNA, 'anna');
  await t.context.link(BORIS, 'boris');
});

test.after.always(async (t) => {
  await t.context.close?.();
});

const notesAsked = async (t: { context: ActionsWorld }, ticketId: number) =>
  (await t.context.ticketEvents(ticketId)).filter(
    (e) => e.type === 'TicketActionRequested' && e.data.action.kind === 'note',
  );

const articles = (t: { context: ActionsWorld }, ticketId: number) =>
  t.context.otrs.state.tickets.get(ticketId)?.articles.map((a) => a.body) ?? [];

test('/otrs_link after /note ends the draft: the password is the password, never the note', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Note, then link');
  t.regex((await t.context.say(ANNA, `/note ${number}`)) ?? '', /Write the note for ticket/);
  t.is(await t.context.say(ANNA, '/otrs_link'), 'Send your OTRS login.');
  t.regex((await t.context.say(ANNA, 'anna')) ?? '', /^Now send the OTRS password of anna\./);
  const sessions = t.context.otrs.callsOf('SessionCreate').length;
  t.is(await t.context.say(ANNA, PASSWORDS['anna'] ?? ''), 'OTRS account anna linked.');
  t.is(t.context.otrs.callsOf('SessionCreate').length, sessions + 1, 'the password went to OTRS as one');
  t.deepEqual(await notesAsked(t, ticketId), [], 'no note asked');

  // The draft is over: a text now is no note either (the command after it shows it was handled).
  t.context.harness.emulator.sendText(ANNA, 'Printer fixed');
  t.truthy(await t.context.say(ANNA, '/help'));
  t.deepEqual(await notesAsked(t, ticketId), []);
  t.false(articles(t, ticketId).some((body) => body.includes(PASSWORDS['anna'] ?? '-')));
});

test('a note asked during the password step ends that step: the next text is the note, not tried as a password', async (t) => {
  const { ticketId, number } = await t.context.newTicket('Link, then note');
  t.is(await t.context.say(BORIS, '/otrs_link'), 'Send your OTRS login.');
  t.regex((await t.context.say(BORIS, 'boris')) ?? '', /^Now send the OTRS password of boris\./);
  t.regex((await t.context.press(BORIS, 'note', ticketId)) ?? '', new RegExp(`note for ticket ${number}`));
  const sessions = t.context.otrs.callsOf('SessionCreate').length;
  const deleted = t.context.harness.emulator.callsOf('deleteMessage').length;
  t.regex((await t.context.say(BORIS, 'Toner replaced')) ?? '', /I will tell you the outcome/);
  t.is(t.context.otrs.callsOf('SessionCreate').length, sessions, 'not tried as a password');
  t.is(t.context.harness.emulator.callsOf('deleteMessage').length, deleted, 'not deleted');
  t.truthy(await eventually(() => articles(t, ticketId).includes('Toner replaced')));
  t.is((await notesAsked(t, ticketId)).length, 1);
});
