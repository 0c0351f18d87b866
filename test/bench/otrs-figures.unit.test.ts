import test from 'ava';
import { type AppliedChange, planChanges } from '../../bench/support/otrs-changes.ts';
import { type TelegramCall, cardFigures } from '../../bench/support/otrs-figures.ts';
import type { SeededTicket } from '../../bench/support/otrs-seed.ts';

const tickets: SeededTicket[] = Array.from({ length: 12 }, (_, i) => ({
  id: i + 1,
  number: `20261204${String(i + 1).padStart(6, '0')}`,
  chat: i % 3,
}));

test('the plan spreads the changes evenly over the chats, half each way, each ticket once while they last', (t) => {
  const plan = planChanges({ tickets, chats: 3, perSecond: 6, seconds: 2 });
  t.is(plan.length, 12);
  t.deepEqual(
    plan.map((change) => change.ticket.chat),
    [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2],
  );
  t.is(new Set(plan.map((change) => change.ticket.id)).size, 12);
  t.is(plan.filter((change) => change.path === 'webhook').length, 6);
  for (let chat = 0; chat < 3; chat++) {
    const paths = plan.filter((change) => change.ticket.chat === chat).map((change) => change.path);
    t.deepEqual(paths, ['webhook', 'poll', 'webhook', 'poll']);
  }
  t.deepEqual(
    plan.slice(0, 3).map((change) => change.dueMs),
    [0, 1000 / 6, 2000 / 6],
  );
  t.true(plan.every((change) => change.priority === '4 high'));
});

test('a ticket changed again gets a priority other than its last', (t) => {
  const turns = new Map<number, number>();
  const first = planChanges({ tickets, chats: 3, perSecond: 12, seconds: 1, turns });
  const second = planChanges({ tickets, chats: 3, perSecond: 12, seconds: 1, turns, fromSeq: 12 });
  t.is(second[0]?.seq, 12);
  for (const change of second) {
    const before = first.find((c) => c.ticket.id === change.ticket.id);
    t.not(change.priority, before?.priority);
  }
});

const applied = (seq: number, ticket: SeededTicket, priority: string, appliedAt: number): AppliedChange => ({
  seq,
  dueMs: 0,
  ticket,
  priority,
  path: seq % 2 === 0 ? 'webhook' : 'poll',
  appliedAt,
});
const call = (at: number, chatId: number, text: string, method = 'editMessageText'): TelegramCall => ({
  method,
  payload: { chat_id: chatId, text },
  at,
  status: 200,
});

test('calls are tied to the change they show; a second call in one chat is a duplicate; others are unmatched', (t) => {
  const [a, b, c] = tickets;
  if (!a || !b || !c) throw new Error('fixture');
  const changes = [
    applied(0, a, '4 high', 1000),
    applied(1, b, '4 high', 1100),
    applied(2, c, '4 high', 1200),
    applied(3, a, '2 low', 5000),
  ];
  const figures = cardFigures(
    changes,
    [
      call(500, -1, `#${a.number} Priority: 3 normal`), // before the change: the warm-up's
      call(1300, -1, `<b>#${a.number}</b> Priority: 4 High`, 'sendMessage'),
      call(1400, -1, `#${a.number} Priority: 4 high`), // the same change again
      call(1500, -2, `#${b.number} Priority: 4 high`),
      call(1600, -2, `#${b.number} Priority: 5 very high`), // a priority it never got
      call(5600, -1, `#${a.number} Priority: 2 low`),
      call(5700, -1, `#${a.number} Priority: 2 low`, 'getMe'),
      { ...call(5800, -1, `#${c.number} Priority: 4 high`), status: 429 },
    ],
    1000,
  );
  t.deepEqual(figures.latenciesMs, { webhook: [300], poll: [400, 600] });
  t.deepEqual(figures.missing, { webhook: 1, poll: 0 });
  t.is(figures.duplicates, 1);
  t.is(figures.duplicateCalls, 1);
  t.is(figures.unmatchedCalls, 1);
  t.is(figures.cardCalls, 5);
});
