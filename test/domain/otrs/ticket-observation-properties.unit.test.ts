import test from 'ava';
import fc from 'fast-check';
import {
  type TicketEvent,
  type TicketSnapshot,
  type TicketState,
  ticketDecider,
} from '../../../domain/otrs/index.ts';
import { observe, snapshot } from './ticket-fixtures.ts';

/**
 * A ticket's history as OTRS would report it: snapshots at rising change times (a minute apart), each with
 * any mix of states, queues, owners, locks, titles and due times, and articles that only grow.
 */
const history = fc
  .array(
    fc.record({
      state: fc.constantFrom(
        ['new', 'new'],
        ['open', 'open'],
        ['pending reminder', 'pending reminder'],
        ['closed successful', 'closed'],
      ),
      queue: fc.constantFrom({ id: 3, name: 'IT::Printers' }, { id: 5, name: 'IT::Servers' }),
      priority: fc.constantFrom({ id: 3, name: '3 normal' }, { id: 5, name: '5 very high' }),
      ownerId: fc.constantFrom(null, 7, 8),
      lock: fc.constantFrom('lock' as const, 'unlock' as const),
      title: fc.constantFrom('Принтер', 'Принтер 214'),
      // Some due times are past "now" (10:00), some near it, some far.
      update: fc.constantFrom(
        null,
        '2026-12-03T09:30:00.000Z',
        '2026-12-03T10:10:00.000Z',
        '2026-12-03T18:00:00.000Z',
      ),
      newArticle: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((steps) => {
    let articleId = 900;
    return steps.map((step, i): TicketSnapshot => {
      if (step.newArticle) articleId += 1;
      return snapshot({
        state: step.state[0] ?? 'new',
        stateType: step.state[1] ?? 'new',
        queue: step.queue,
        priority: step.priority,
        ownerId: step.ownerId,
        lock: step.lock,
        title: step.title,
        changed: new Date(Date.parse('2026-12-03T09:00:00.000Z') + i * 60_000).toISOString(),
        escalations: { firstResponse: null, update: step.update, solution: null },
        latestArticle: {
          articleId,
          senderType: 'customer',
          visibleForCustomer: true,
          excerpt: `#${articleId}`,
        },
      });
    });
  });

/** Delivers the snapshots in order, as the webhook and the poller would, and returns what was recorded. */
function deliver(snapshots: readonly TicketSnapshot[]): { events: TicketEvent[]; state: TicketState } {
  let state = ticketDecider.initialState();
  const events: TicketEvent[] = [];
  for (const snap of snapshots) {
    for (const event of ticketDecider.decide(observe(snap), state)) {
      events.push(event);
      state = ticketDecider.evolve(state, event);
    }
  }
  return { events, state };
}

/** What the stream's state says of the ticket, to compare with the snapshot that should have won. */
function view(state: TicketState) {
  if (state.status !== 'known') return null;
  const { ticket } = state;
  return {
    state: ticket.state,
    queue: ticket.queue,
    priority: ticket.priority,
    ownerId: ticket.ownerId,
    lock: ticket.lock,
    title: ticket.title,
    escalations: ticket.escalations,
    latestArticleId: ticket.latestArticleId,
  };
}

const viewOf = (snap: TicketSnapshot) => ({
  state: { state: snap.state, stateType: snap.stateType },
  queue: snap.queue,
  priority: snap.priority,
  ownerId: snap.ownerId,
  lock: snap.lock,
  title: snap.title,
  escalations: snap.escalations,
  latestArticleId: snap.latestArticle?.articleId ?? null,
});

test('the same snapshot observed again records nothing, after any history', (t) => {
  fc.assert(
    fc.property(history, (snapshots) => {
      const { state } = deliver(snapshots);
      const last = snapshots.at(-1);
      return last !== undefined && ticketDecider.decide(observe(last), state).length === 0;
    }),
  );
  t.pass();
});

test('a snapshot seen twice (by the webhook and the poller) records what seeing it once records', (t) => {
  fc.assert(
    fc.property(
      history.chain((snapshots) =>
        fc.tuple(
          fc.constant(snapshots),
          // For each snapshot, whether a second copy arrives, and how many places later.
          fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 8 })), {
            minLength: snapshots.length,
            maxLength: snapshots.length,
          }),
        ),
      ),
      ([snapshots, copies]) => {
        const arrivals: { snap: TicketSnapshot; at: number }[] = snapshots.map((snap, i) => ({
          snap,
          at: i,
        }));
        copies.forEach(([again, delay], i) => {
          const snap = snapshots[i];
          if (again && snap) arrivals.push({ snap, at: i + delay + 0.5 });
        });
        arrivals.sort((a, b) => a.at - b.at);
        const once = deliver(snapshots).events;
        const twice = deliver(arrivals.map((arrival) => arrival.snap)).events;
        t.deepEqual(twice, once);
      },
    ),
  );
});

test('snapshots in any order leave the stream at the newest one, and never record more than in order', (t) => {
  fc.assert(
    fc.property(
      history.chain((snapshots) =>
        fc.tuple(fc.constant(snapshots), fc.shuffledSubarray(snapshots, { minLength: snapshots.length })),
      ),
      ([inOrder, shuffled]) => {
        const newest = inOrder.at(-1);
        if (!newest) return;
        const { state, events } = deliver(shuffled);
        t.deepEqual(view(state), viewOf(newest));
        const changes = (list: TicketEvent[]) =>
          list.filter((event) => !event.type.startsWith('TicketEscalat')).length;
        t.true(changes(events) <= changes(deliver(inOrder).events));
      },
    ),
  );
});

test('each escalation is announced at most once as near and once as escalated, whatever arrives', (t) => {
  fc.assert(
    fc.property(history, fc.array(fc.nat({ max: 7 }), { maxLength: 20 }), (snapshots, picks) => {
      const arrivals = [
        ...snapshots,
        ...picks.map((i) => snapshots[i % snapshots.length]).filter((s) => s !== undefined),
      ];
      const announced = deliver(arrivals).events.filter(
        (event) => event.type === 'TicketEscalated' || event.type === 'TicketEscalationNear',
      );
      const keys = announced.map((event) => JSON.stringify([event.type, event.data]));
      t.is(new Set(keys).size, keys.length);
    }),
  );
});
