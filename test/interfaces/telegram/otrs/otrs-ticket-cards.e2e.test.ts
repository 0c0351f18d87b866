import anyTest, { type TestFn } from 'ava';
import { commandContext } from '../../../../application/commands/index.ts';
import {
  type TicketSnapshot,
  otrsAgentLinkStreamId,
  otrsAgentStreamId,
} from '../../../../domain/otrs/index.ts';
import { parseTicketButton } from '../../../../interfaces/telegram/otrs/ticket-callback.ts';
import { snapshot } from '../../../domain/otrs/ticket-fixtures.ts';
import { testMetadata } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { type OtrsNoticesContext, withOtrsNotices } from '../../../support/otrs-notices-fixture.ts';

// OTRS ticket cards end to end: ticket events recorded by the real ticket handler (as the feed records them),
// the otrs-notices reactor run by the projection runner, its outbox sent by the real sender into the Bot API
// emulator: the routed topic gets the card with its buttons, a take edits it, an escalation is told once.
type Context = OtrsNoticesContext;
const test = anyTest as TestFn<Context>;
withOtrsNotices(test);

const CHAT = -1_001_234_500_000;
const TOPIC = 42;
const AGENT_USER = 5001;

const write = (occurredAt: string) =>
  commandContext({
    actor: { kind: 'system', id: 'otrs-feed', name: 'OTRS feed' },
    source: 'system',
    correlationId: testMetadata.correlationId,
    occurredAt: new Date(occurredAt),
  });

const observe = (t: { context: Context }, snap: TicketSnapshot, at: string) =>
  t.context.tickets.run(
    { type: 'RecordTicketObservation', data: { snapshot: snap, warnBeforeSeconds: 1800 } },
    write(at),
  );

const calls = (t: { context: Context }, method: string, chatId: number) =>
  t.context.emulator.callsOf(method).filter((call) => Number(call.payload['chat_id']) === chatId);

test.before(async (t) => {
  const { routing, store } = t.context;
  await routing.set(
    [
      {
        queues: ['IT::*'],
        minPriority: null,
        maxPriority: null,
        chat: { chatId: CHAT, messageThreadId: TOPIC },
        owner: true,
        responsible: false,
      },
    ],
    write('2026-12-03T08:00:00.000Z'),
  );
  // The agent as tickets name them (id 12), and the Telegram user linked to that login.
  await store.append(otrsAgentStreamId(12), [
    { type: 'OtrsAgentSeen', data: { agentId: 12, login: 'p.petrov' }, metadata: testMetadata },
  ]);
  await store.append(otrsAgentLinkStreamId(AGENT_USER), [
    {
      type: 'OtrsAgentLinked',
      data: { telegramUserId: AGENT_USER, login: 'P.Petrov' },
      metadata: testMetadata,
    },
  ]);
});

test.serial(
  'a new ticket becomes a card in the routed topic with signed buttons; a take edits it; an escalation is told once, replayed or not',
  async (t) => {
    const { emulator, signer } = t.context;
    const ticket = snapshot();
    await observe(t, ticket, '2026-12-03T10:00:00.000Z');

    t.true(await eventually(() => calls(t, 'sendMessage', CHAT).length === 1, 20_000), 'the card is sent');
    const [sent] = calls(t, 'sendMessage', CHAT);
    t.is(sent?.payload['message_thread_id'], TOPIC);
    // Each event writes its own rows (review S3): the card tells the ticket as opened, and its first
    // article follows as an edit of it.
    t.true(
      await eventually(() => calls(t, 'editMessageText', CHAT).length === 1, 20_000),
      'the first article edits the card',
    );
    const text = emulator.sentTo(CHAT)[0]?.text ?? '';
    t.true(text.includes(`<b>#${ticket.number}</b> · Не печатает принтер в 214`), text);
    t.true(text.includes('Queue: IT::Printers · Priority: 3 normal'), text);
    t.true(text.includes('Customer: Ирина Иванова (HQ)'), text);
    t.true(text.includes('<blockquote>Добрый день!\nПринтер не печатает.</blockquote>'), text);
    const card = emulator.sentTo(CHAT)[0];
    const buttons = card?.reply_markup?.inline_keyboard.flat() ?? [];
    t.deepEqual(
      buttons.map((button) => {
        const fields = signer.verify(CHAT, button.callback_data ?? '');
        return fields && parseTicketButton(fields);
      }),
      (['take', 'note', 'reassign', 'close'] as const).map((action) => ({
        action,
        ticketId: ticket.ticketId,
      })),
      'each button is signed for the chat and names its action and the ticket',
    );
    t.is(signer.verify(AGENT_USER, buttons[0]?.callback_data ?? ''), null, 'and for no other chat');

    // The agent takes it in OTRS (or from the card): owner 12, locked.
    await observe(
      t,
      { ...ticket, ownerId: 12, lock: 'lock', changed: '2026-12-03T10:05:00.000Z' },
      '2026-12-03T10:05:00.000Z',
    );
    t.true(
      await eventually(() => calls(t, 'editMessageText', CHAT).length === 2, 20_000),
      'the card is edited',
    );
    const edit = calls(t, 'editMessageText', CHAT)[1];
    t.is(edit?.payload['message_id'], card?.message_id);
    t.true(
      emulator.sentTo(CHAT)[0]?.text.includes('👤 Taken by Pyotr Petrov'),
      'named by their Telegram name',
    );
    t.deepEqual(
      emulator
        .sentTo(CHAT)[0]
        ?.reply_markup?.inline_keyboard.flat()
        .map((b) => b.text),
      ['📝 Note', '↪️ Reassign', '✅ Close'],
      'nobody takes a taken ticket',
    );
    t.is(calls(t, 'sendMessage', CHAT).length, 1, 'no second card in the topic');
    t.true(
      await eventually(() => calls(t, 'sendMessage', AGENT_USER).length === 1, 20_000),
      'the new owner gets the card personally (the rule tells owners)',
    );

    // Past the first response's due time (12:00): escalated.
    const escalation = await t.context.tickets.run(
      { type: 'CheckTicketEscalations', data: { ticketId: ticket.ticketId, warnBeforeSeconds: 1800 } },
      write('2026-12-03T12:01:00.000Z'),
    );
    t.deepEqual(
      escalation.events.map((e) => e.type),
      ['TicketEscalated'],
    );
    const told = (chatId: number) =>
      calls(t, 'sendMessage', chatId).filter((call) => String(call.payload['text']).includes('Escalated'));
    t.true(
      await eventually(() => told(CHAT).length === 1 && told(AGENT_USER).length === 1, 20_000),
      'told in the topic and to the owner',
    );
    const [inTopic] = told(CHAT);
    t.is(inTopic?.payload['message_thread_id'], TOPIC);
    t.is(
      (inTopic?.payload['reply_parameters'] as { message_id?: number } | undefined)?.message_id,
      card?.message_id,
      'as a reply to the card',
    );
    t.regex(String(inTopic?.payload['text']), /Escalated: first response, due 2026-12-03 12:00 UTC/);

    // The reactor replays the whole log; then a new article shows it is live again.
    await t.context.replay();
    await observe(
      t,
      {
        ...ticket,
        ownerId: 12,
        lock: 'lock',
        changed: '2026-12-03T12:10:00.000Z',
        latestArticle: { articleId: 901, senderType: 'agent', visibleForCustomer: true, excerpt: 'Выезжаю.' },
      },
      '2026-12-03T12:10:00.000Z',
    );
    t.true(
      await eventually(
        () => emulator.sentTo(CHAT)[0]?.text.includes('<blockquote>Выезжаю.</blockquote>') === true,
        20_000,
      ),
      'the card shows the new article',
    );
    t.is(told(CHAT).length, 1, 'the escalation is not told again in the topic');
    t.is(told(AGENT_USER).length, 1, 'nor to the owner');
    t.is(calls(t, 'sendMessage', CHAT).length, 2, 'the card and the escalation, nothing sent anew');
  },
);

test.serial('a new ticket no rule routes is sent nowhere, and the sender says so once, by ids', async (t) => {
  const ticket = snapshot({ ticketId: 4800, number: '2026120310000099', queue: { id: 9, name: 'Sales' } });
  await observe(t, ticket, '2026-12-03T10:00:00.000Z');
  const said = () =>
    t.context.senderLog.lines.filter((l) => l.level === 'warn' && l.fields['ticketId'] === 4800);
  t.true(await eventually(() => said().length === 1, 20_000), 'the sender logs it');
  t.regex(said()[0]?.message ?? '', /OTRS ticket routed nowhere: add a routing rule for its queue/);
  t.like(said()[0]?.fields, { kind: 'otrs.unrouted', queue: 'Sales', priorityId: 3 });
  t.false(JSON.stringify(said()).includes('Ирина'), 'no personal data in the log');
});
