import anyTest, { type TestFn } from 'ava';
import type { NewEvent } from '../../../../application/ports/index.ts';
import {
  type OtrsDatabase,
  otrsMetricsProjector,
  otrsProjector,
  otrsQueries,
} from '../../../../projections/otrs/index.ts';
import type { EmulatedUser } from '../../../support/bot-api-emulator.ts';
import { replyTo } from '../../../support/bot-replies.ts';
import { testMetadata } from '../../../support/event-fixtures.ts';
import { eventually } from '../../../support/eventually.ts';
import { ticketOpened } from '../../../support/otrs-read-model-fixture.ts';
import { type TelegramHarness, startTelegramHarness } from '../../../support/telegram-harness.ts';

// /mytickets, /ticket and /queue through a running bot and the Bot API emulator, over OTRS events appended
// to the log as the feed would (the feed is not under test here) and the OTRS read models projected.
type Context = { harness: TelegramHarness };
const test = anyTest.serial as TestFn<Context>;

const ADMIN: EmulatedUser = { id: 1601, first_name: 'Анна', language_code: 'ru' };
const AGENT: EmulatedUser = { id: 1602, first_name: 'Ivan', language_code: 'en' };
const MINUTE = 60_000;
const ago = (minutes: number) =>
  new Date(Date.now() - minutes * MINUTE).toISOString().replace(/\.\d+Z$/, '.000Z');
const at = (occurredAt = new Date().toISOString()) => ({ ...testMetadata, occurredAt });
const event = (e: { type: string; data: object }, occurredAt?: string): NewEvent => ({
  ...e,
  metadata: at(occurredAt),
});

test.before(async (t) => {
  const harness = await startTelegramHarness(
    {
      TELEGRAM_ADMIN_IDS: String(ADMIN.id),
      // The OTRS feature on (nothing here calls it: the commands read the read model).
      OTRS_BASE_URL: 'http://127.0.0.1:9/otrs',
    },
    [otrsProjector, otrsMetricsProjector],
  );
  t.context.harness = harness;
  const runtime = await harness.startBot();
  await eventually(() => runtime.isPolling());
});

test.after.always(async (t) => {
  await t.context.harness?.close();
});

const say = async (t: { context: Context }, who: EmulatedUser, text: string) =>
  (await replyTo(t.context.harness.emulator, who, text)).text;

const append = (t: { context: Context }, stream: string, events: NewEvent[]) =>
  t.context.harness.eventStore.append(stream, events);

const reads = (t: { context: Context }) =>
  otrsQueries(t.context.harness.database.db.withTables<OtrsDatabase>());

test('set-up: an admin, an agent the admin lets in and who is linked, tickets of their own and a queue', async (t) => {
  const { emulator } = t.context.harness;
  t.truthy(await say(t, ADMIN, '/start'));
  t.truthy(await say(t, AGENT, '/start'));
  const request = await eventually(
    () => emulator.sentTo(ADMIN.id).find((m) => m.text.includes(`id ${AGENT.id}`)),
    10_000,
  );
  const viewer = request?.reply_markup?.inline_keyboard.flat().find((b) => b.text === 'наблюдатель');
  emulator.press(ADMIN, request?.message_id ?? 0, viewer?.callback_data ?? '');
  t.truthy(await eventually(() => emulator.sentTo(AGENT.id).length >= 2, 10_000), 'the agent is approved');

  await append(t, 'otrs-agent-3', [event({ type: 'OtrsAgentSeen', data: { agentId: 3, login: 'ivanov' } })]);
  await append(t, `otrs-agent-link-${AGENT.id}`, [
    event({ type: 'OtrsAgentLinked', data: { telegramUserId: AGENT.id, login: 'Ivanov' } }),
  ]);
  // 1: the agent's, locked, created 2 h 5 min ago, taken through TBot 5 min later, escalation in an hour.
  await append(t, 'otrs-ticket-1', [
    event(
      ticketOpened(1, {
        title: 'VPN <down> & out',
        created: ago(125),
        changed: ago(125),
        escalations: { firstResponse: null, update: null, solution: ago(-60) },
      }),
      ago(125),
    ),
    event(
      {
        type: 'TicketActionSucceeded',
        data: { ticketId: 1, actionId: 'a1', kind: 'take', requestedBy: AGENT.id },
      },
      ago(120),
    ),
    event(
      { type: 'TicketOwnerChanged', data: { ticketId: 1, from: null, to: 3, changed: ago(120) } },
      ago(120),
    ),
    event(
      { type: 'TicketLockChanged', data: { ticketId: 1, from: 'unlock', to: 'lock', changed: ago(120) } },
      ago(120),
    ),
    event(
      {
        type: 'TicketArticleAdded',
        data: {
          ticketId: 1,
          articleId: 11,
          subjectId: 'otrs-customer-key1',
          senderType: 'customer',
          visibleForCustomer: true,
          excerpt: 'Still down since the morning',
          changed: ago(100),
        },
      },
      ago(100),
    ),
  ]);
  // 2: in Support, nobody's. 3: the agent's, closed.
  await append(t, 'otrs-ticket-2', [event(ticketOpened(2, { created: ago(30), changed: ago(30) }))]);
  await append(t, 'otrs-ticket-3', [
    event(
      ticketOpened(3, {
        ownerId: 3,
        state: { state: 'closed successful', stateType: 'closed' },
        created: ago(10),
      }),
    ),
  ]);
  // Bulk: 60 open tickets with long titles, more than one message holds.
  for (let n = 100; n < 160; n += 1) {
    await append(t, `otrs-ticket-${n}`, [
      event(
        ticketOpened(n, {
          queue: { id: 9, name: 'Bulk' },
          title: `Ticket ${n} ${'x'.repeat(150)}`,
          created: ago(200 - n),
          changed: ago(200 - n),
        }),
      ),
    ]);
  }
  t.truthy(await eventually(async () => (await reads(t).ticketById(159)) !== null, 10_000), 'projected');
  // The take's outcome is told to the agent (the otrs-action-notices reactor): let it arrive before the
  // commands below, or it would be taken for their reply.
  t.truthy(
    await eventually(() => emulator.sentTo(AGENT.id).some((m) => m.text.endsWith('is yours now.')), 10_000),
    'the take was told',
  );
});

test('/mytickets: the agent’s open tickets with their age, and their metrics line', async (t) => {
  const text = await say(t, AGENT, '/mytickets');
  const lines = text.split('\n');
  t.is(lines[0], 'Your open tickets: 1');
  t.regex(lines[1] ?? '', /^#2026120410000001 VPN &lt;down&gt; &amp; out — Support, new, 2 h [45] min$/);
  t.regex(
    text,
    /Last 30 days: taken 1 \(on average in 5 min\), closed 0 \(on average in —\), notes 0, reassigned 0\.$/,
  );
  // The admin is not linked: the command is an agent's.
  t.is(await say(t, ADMIN, '/mytickets'), 'Сначала привяжите учётную запись OTRS: /otrs_link');
});

test('/help lists the OTRS reads when OTRS is on, in each user’s language', async (t) => {
  const en = await say(t, AGENT, '/help');
  t.true(en.includes('/mytickets — your open tickets and your last 30 days'), en);
  t.true(en.includes('/ticket NUMBER — an OTRS ticket'), en);
  t.true(en.includes('/queue NAME — the open tickets of a queue'), en);
  t.false(en.includes('/take'), 'this bot has no OTRS actions installed');
  const ru = await say(t, ADMIN, '/help');
  t.true(ru.includes('/mytickets — ваши открытые заявки'), ru);
  t.true(ru.includes('/queue ИМЯ — открытые заявки очереди'), ru);
});

test('/ticket NUMBER: the card; an unknown number said clearly; a malformed one gets the usage', async (t) => {
  const card = await say(t, AGENT, '/ticket 2026120410000001');
  const lines = card.split('\n');
  t.is(lines[0], '<b>#2026120410000001 VPN &lt;down&gt; &amp; out</b>');
  t.is(lines[1], 'Queue: Support · priority: 3 normal');
  t.is(lines[2], 'State: new · owner: ivanov (locked)');
  t.is(lines[3], 'Customer: Ivan Petrov (customer1@example.com)');
  t.regex(lines[4] ?? '', /^Created: \d{4}-\d\d-\d\d \d\d:\d\d UTC \(2 h [45] min ago\)$/);
  t.regex(lines[5] ?? '', /^Due \(solution\): \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  t.is(lines[6], 'Latest article (customer): Still down since the morning');
  t.is(
    await say(t, AGENT, '/ticket 999'),
    'TBot does not know that ticket (or it has not come from OTRS yet).',
  );
  t.is(await say(t, AGENT, '/ticket abc'), 'Usage: /ticket NUMBER — the ticket’s number in OTRS.');
  // An admin reads tickets without a link (the API shows them the same).
  t.true((await say(t, ADMIN, '/ticket #2026120410000002')).startsWith('<b>#2026120410000002 Printer 2'));
});

test('/queue NAME: open tickets of a queue, without case; a long list is cut under Telegram’s limit with a count', async (t) => {
  const support = await say(t, AGENT, '/queue support');
  const lines = support.split('\n');
  t.is(lines[0], 'Open tickets in “Support”: 2');
  t.true(lines[1]?.startsWith('#2026120410000001 '));
  t.regex(lines[2] ?? '', /^#2026120410000002 Printer 2 is jammed — Support, new, (29|30) min$/);
  t.is(lines.length, 3);

  const bulk = await say(t, AGENT, '/queue Bulk');
  t.true(bulk.length < 4096, `${bulk.length} characters`);
  const bulkLines = bulk.split('\n');
  t.is(bulkLines[0], 'Open tickets in “Bulk”: 60');
  const listed = bulkLines.filter((line) => line.startsWith('#')).length;
  t.true(listed > 5 && listed < 60, `${listed} listed`);
  t.is(bulkLines.at(-1), `…and ${60 - listed} more (the API lists them all).`);

  t.is(await say(t, AGENT, '/queue Nowhere'), 'No open tickets in queue “Nowhere”.');
  t.is(await say(t, AGENT, '/queue'), 'Usage: /queue NAME — a queue’s name in OTRS.');
});

test('an agent who unlinked reads no tickets', async (t) => {
  await append(t, `otrs-agent-link-${AGENT.id}`, [
    event({ type: 'OtrsAgentUnlinked', data: { telegramUserId: AGENT.id, reason: 'self' } }),
  ]);
  t.truthy(await eventually(async () => (await reads(t).linkOf(AGENT.id)) === null, 10_000));
  t.is(await say(t, AGENT, '/ticket 2026120410000001'), 'Link your OTRS account first: /otrs_link');
  t.is(await say(t, AGENT, '/queue Support'), 'Link your OTRS account first: /otrs_link');
});
