import anyTest, { type TestFn } from 'ava';
import { apiCall } from '../support/api-call.ts';
import { BotApiEmulator, type BotMessage, type EmulatedUser } from '../support/bot-api-emulator.ts';
import { eventually } from '../support/eventually.ts';
import { type LocalOtrsServer, startLocalOtrsServer } from '../support/otrs-server/index.ts';
import { type ServedApi, adminToken, startServedApi } from '../support/served-api.ts';
import { TEST_BOT_TOKEN } from '../support/telegram-harness.ts';

// Issue #16's "Done when", as an admin and an agent would walk it: one `tbot serve` pointed at a local OTRS
// (its Invoker calling TBot's webhook) and at the Bot API emulator. The agent links in Telegram, sees a new
// ticket as a card in the routed forum topic, takes it, adds a note and closes it from there; OTRS's history
// names the agent at each step, and /mytickets and the API show the metrics.
interface Context {
  emulator: BotApiEmulator;
  otrs: LocalOtrsServer;
  api: ServedApi;
  token: string;
}
const test = anyTest.serial as TestFn<Context>;

const ANNA: EmulatedUser = { id: 4601, first_name: 'Anna', language_code: 'en' };
const AGENT = { login: 'anna.agent', password: 'anna-password-0123' } as const;
const SERVICE = { login: 'tbot-feed', password: 'service-password-0123' } as const;
const WEBHOOK_SECRET = 'walk-webhook-secret-0123456789-abcdef';
const HELPDESK = { id: -1004601, type: 'supergroup' as const, title: 'Helpdesk', is_forum: true };
const TOPIC = 42;

test.before(async (t) => {
  t.context.emulator = await BotApiEmulator.start();
  t.context.otrs = await startLocalOtrsServer({ timeZone: 'Europe/Berlin' });
  t.context.otrs.state.addAgent(SERVICE.login, SERVICE.password);
  t.context.otrs.state.addAgent(AGENT.login, AGENT.password);
  t.context.api = await startServedApi({
    env: {
      TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: t.context.emulator.apiRoot,
      // Anna is an admin of the bot: her first message gives her a role, no approval to wait for.
      TELEGRAM_ADMIN_IDS: String(ANNA.id),
      TELEGRAM_POLLING_LEASE_TTL_MS: '2000',
      OTRS_BASE_URL: t.context.otrs.baseUrl,
      OTRS_TIMEZONE: 'Europe/Berlin',
      OTRS_SERVICE_USER: SERVICE.login,
      OTRS_SERVICE_PASSWORD: SERVICE.password,
      OTRS_WEBHOOK_SECRET: WEBHOOK_SECRET,
      OTRS_WEBHOOK_ALLOW_FROM: '127.0.0.1,::1',
      OTRS_POLL_INTERVAL_MS: '2000',
    },
  });
  t.context.token = await adminToken(t);
  t.context.otrs.invoker.connect({
    url: `${t.context.api.node.baseUrl}/otrs/webhook`,
    secret: WEBHOOK_SECRET,
  });
});

test.after.always(async (t) => {
  t.context.otrs?.invoker.disconnect();
  await t.context.api?.stop();
  await t.context.otrs?.close();
  await t.context.emulator?.stop();
});

/** Anna writes `text` in her private chat; resolves with the bot's next message to her. */
async function say(t: { context: Context }, text: string): Promise<string | undefined> {
  const { emulator } = t.context;
  const before = emulator.sentTo(ANNA.id).length;
  emulator.sendText(ANNA, text);
  const reply = await eventually(() => emulator.sentTo(ANNA.id)[before], 20_000);
  return reply?.text;
}

/** Anna presses the card's button `action` (t, n, c) in the topic; resolves with the button's answer. */
async function press(t: { context: Context }, card: BotMessage, action: string): Promise<string | undefined> {
  const { emulator } = t.context;
  const button = card.reply_markup?.inline_keyboard
    .flat()
    .find((b) => (b.callback_data ?? '').startsWith(`ot:${action}:`));
  if (!button?.callback_data) throw new Error(`the card has no ${action} button`);
  const callbackId = emulator.press(ANNA, card.message_id, button.callback_data);
  const answer = await eventually(
    () =>
      emulator
        .callsOf('answerCallbackQuery')
        .find((call) => call.payload['callback_query_id'] === callbackId),
    20_000,
  );
  return answer?.payload['text'] as string | undefined;
}

const agentCall = (t: { context: Context }, method: 'POST' | 'PATCH', path: string, body: object) =>
  fetch(`${t.context.otrs.baseUrl}/nph-genericinterface.pl/Webservice/${t.context.otrs.webservice}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ UserLogin: SERVICE.login, Password: SERVICE.password, ...body }),
  }).then((response) => response.json() as Promise<Record<string, unknown>>);

test('an agent links in Telegram, sees a new ticket in the routed topic, takes it, notes and closes it; OTRS, /mytickets and the API show each step', async (t) => {
  const { emulator, otrs, api, token } = t.context;
  const routed = await apiCall(api.node.baseUrl, '/otrs/routing', {
    method: 'PUT',
    token,
    headers: { 'Idempotency-Key': 'walk-routing-1' },
    body: { rules: [{ queues: ['Raw'], chat: { chatId: HELPDESK.id, messageThreadId: TOPIC } }] },
  });
  t.is(routed.status, 200, await routed.text());

  t.truthy(await say(t, '/start'));
  t.regex((await say(t, '/otrs_link')) ?? '', /login/i);
  t.regex((await say(t, AGENT.login)) ?? '', /password/i);
  const before = emulator.sentTo(ANNA.id).length;
  const password = emulator.sendText(ANNA, AGENT.password);
  const linked = await eventually(() => emulator.sentTo(ANNA.id)[before], 20_000);
  t.is(linked?.text, `OTRS account ${AGENT.login} linked.`);
  t.true(
    emulator.callsOf('deleteMessage').some((call) => call.payload['message_id'] === password.messageId),
    'the password message is deleted',
  );

  const created = await agentCall(t, 'POST', '/Ticket', {
    Ticket: {
      Title: 'VPN is down',
      Queue: 'Raw',
      State: 'new',
      Priority: '3 normal',
      CustomerUser: 'bob@example.com',
    },
    Article: {
      Subject: 'VPN',
      Body: 'Since this morning\nnothing connects.',
      ContentType: 'text/plain; charset=utf8',
    },
  });
  const ticketId = Number(created['TicketID']);
  const number = String(created['TicketNumber']);
  const card = await eventually(
    () =>
      emulator
        .sentTo(HELPDESK.id)
        // The card tells the ticket as opened; its first article follows as an edit of it.
        .find(
          (m) =>
            m.message_thread_id === TOPIC &&
            (m.text ?? '').includes(number) &&
            (m.text ?? '').includes('nothing connects'),
        ),
    20_000,
  );
  if (!card) return t.fail('no card in the routed topic');
  t.regex(card.text ?? '', /VPN is down/);
  t.regex(card.text ?? '', /nothing connects/);

  const anna = otrs.state.agents.get(AGENT.login)?.id;
  t.is(await press(t, card, 't'), `Ticket ${number} is yours now.`);
  t.like(otrs.state.tickets.get(ticketId), { lock: 'lock', ownerId: anna });
  const taken = await eventually(
    () =>
      emulator
        .callsOf('editMessageText')
        .some(
          (call) =>
            call.payload['message_id'] === card.message_id && /Anna/.test(String(call.payload['text'])),
        ),
    20_000,
  );
  t.true(taken, 'the card is edited to show who took it');

  t.regex((await press(t, card, 'n')) ?? '', /note/i);
  emulator.sendText(ANNA, 'Restarted the VPN gateway', { chat: HELPDESK, threadId: TOPIC });
  const note = await eventually(
    () => otrs.state.tickets.get(ticketId)?.articles.find((a) => a.body === 'Restarted the VPN gateway'),
    20_000,
  );
  t.like(note, { isVisibleForCustomer: false, createdBy: anna });

  t.truthy(await press(t, card, 'c'));
  t.true(await eventually(() => otrs.state.tickets.get(ticketId)?.stateId === 2, 20_000), 'closed in OTRS');
  const history = otrs.state.tickets.get(ticketId)?.history ?? [];
  for (const type of ['Lock', 'OwnerUpdate', 'AddNote', 'StateUpdate']) {
    t.is(history.find((h) => h.historyType === type)?.createdBy, anna, `${type} by the agent`);
  }

  const mine = await eventually(async () => {
    const text = (await say(t, '/mytickets')) ?? '';
    return /taken 1/.test(text) && /closed 1/.test(text) ? text : undefined;
  }, 20_000);
  t.truthy(mine, '/mytickets shows the take and the close');
  const metrics = await apiCall(api.node.baseUrl, '/otrs/agents/metrics', { token });
  t.is(metrics.status, 200);
  const body = (await metrics.json()) as { agents: { agentId: number; actions: Record<string, number> }[] };
  const row = body.agents.find((a) => a.agentId === anna);
  t.like(row?.actions, { take: 1, note: 1, close: 1 });
});
