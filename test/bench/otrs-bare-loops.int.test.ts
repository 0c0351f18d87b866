import test from 'ava';
import { startBareLoops } from '../../bench/support/otrs-bare-loops.ts';
import { planChanges } from '../../bench/support/otrs-changes.ts';
import { runPhase } from '../../bench/support/otrs-phase.ts';
import { SERVICE_AGENT, benchChat, benchQueue, seedOtrs } from '../../bench/support/otrs-seed.ts';
import { BotApiEmulator } from '../support/bot-api-emulator.ts';
import { startLocalOtrsServer } from '../support/otrs-server/index.ts';
import { TEST_BOT_TOKEN } from '../support/telegram-harness.ts';

// The bench's code path at a small size (bench/otrs.ts runs the same phase against TBot's nodes): the seeded
// local OTRS, the change generator, the webhook calls, the bare loops' Telegram calls, and the figures.
test('the bare loops show every change once, by webhook and by polling, and the figures count them', async (t) => {
  const otrs = await startLocalOtrsServer({ timeZone: 'UTC' });
  const emulator = await BotApiEmulator.start();
  t.teardown(async () => {
    await emulator.stop();
    await otrs.close();
  });
  const chats = 4;
  const seeded = seedOtrs(otrs.state, { tickets: 200, chats });
  t.is(otrs.state.tickets.size, 200);
  t.is(seeded.tickets[5]?.chat, 1);
  const loops = await startBareLoops({
    otrsBaseUrl: otrs.baseUrl,
    webservice: otrs.webservice,
    user: SERVICE_AGENT.login,
    password: SERVICE_AGENT.password,
    timeZone: 'UTC',
    telegramApiRoot: emulator.apiRoot,
    botToken: TEST_BOT_TOKEN,
    chatOf: (queue) => (queue.startsWith('Bench ') ? benchChat(Number(queue.slice(6))) : undefined),
    pollEveryMs: 1000,
    batchSize: 50,
  });
  t.teardown(() => loops.stop());
  t.is(benchQueue(3), 'Bench 003');
  const plan = planChanges({ tickets: seeded.tickets, chats, perSecond: 20, seconds: 2 });
  const result = await runPhase({
    otrs,
    emulator,
    plan,
    changingAgentId: seeded.changingAgentId,
    webhookUrl: () => loops.webhookUrl,
    secret: 'bench-webhook-secret-0123456789',
    pollIntervalMs: 1000,
    drainMs: 15_000,
  });
  t.is(result.applied.length, 40);
  t.deepEqual(result.cards.missing, { webhook: 0, poll: 0 });
  t.is(result.cards.latenciesMs.webhook.length, 20);
  t.is(result.cards.latenciesMs.poll.length, 20);
  t.is(result.cards.duplicates, 0);
  t.is(result.webhookFailures, 0);
  t.true(result.poller.searches >= 2, `searches: ${result.poller.searches}`);
  t.true(result.poller.pollerTicketsRead >= 20, `read: ${result.poller.pollerTicketsRead}`);
  t.true(result.poller.webhookGets >= 20, `webhook gets: ${result.poller.webhookGets}`);
  t.true(result.poller.windowMeanS > 0, `window: ${result.poller.windowMeanS}`);
  t.deepEqual(loops.failures, { telegram: 0, otrs: 0 });
  // A card shows its ticket in the routed chat of its queue.
  const first = plan[0];
  if (!first) throw new Error('no plan');
  t.true(emulator.sentTo(benchChat(first.ticket.chat)).some((m) => m.text.includes(first.ticket.number)));
});
