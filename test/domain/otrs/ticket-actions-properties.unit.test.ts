import test from 'ava';
import fc from 'fast-check';
import {
  type OtrsAgentRef,
  type TicketCommand,
  type TicketEvent,
  type TicketState,
  ticketDecider,
} from '../../../domain/otrs/index.ts';
import { DomainError, fold } from '../../../domain/shared/index.ts';
import { metadata, seen, ticketId } from './ticket-fixtures.ts';

const agents: OtrsAgentRef[] = [
  { telegramUserId: 1001, link: 'active', agentId: 7 },
  { telegramUserId: 1002, link: 'active', agentId: null },
];

/** Presses of take and close buttons by two agents, with update ids that repeat, and OTRS's answers. */
const commands = fc.array(
  fc.oneof(
    fc
      .record({
        kind: fc.constantFrom('TakeTicket' as const, 'CloseTicket' as const),
        agent: fc.constantFrom(...agents),
        update: fc.nat({ max: 6 }),
      })
      .map(({ kind, agent, update }): TicketCommand =>
        kind === 'TakeTicket'
          ? { type: kind, data: { ticketId, actionId: `u-${update}`, agent }, metadata }
          : {
              type: kind,
              data: { ticketId, actionId: `u-${update}`, agent, state: 'closed successful' },
              metadata,
            },
      ),
    fc.record({ update: fc.nat({ max: 6 }), ok: fc.boolean() }).map(({ update, ok }): TicketCommand => ({
      type: 'RecordTicketActionOutcome',
      data: {
        ticketId,
        actionId: `u-${update}`,
        outcome: ok ? { ok } : { ok, code: 'OTRS.UNAVAILABLE', message: null },
      },
      metadata,
    })),
  ),
  { maxLength: 40 },
);

function run(list: readonly TicketCommand[]): TicketEvent[] {
  let state: TicketState = fold(ticketDecider, seen);
  const events: TicketEvent[] = [];
  for (const command of list) {
    try {
      for (const event of ticketDecider.decide(command, state)) {
        events.push(event);
        state = ticketDecider.evolve(state, event);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return events;
}

test('whatever is pressed and answered, an action is asked once and settled at most once', (t) => {
  fc.assert(
    fc.property(commands, (list) => {
      const events = run(list);
      const count = (type: TicketEvent['type'], actionId: string) =>
        events.filter((e) => e.type === type && 'actionId' in e.data && e.data.actionId === actionId).length;
      for (let update = 0; update <= 6; update += 1) {
        const id = `u-${update}`;
        t.true(count('TicketActionRequested', id) <= 1);
        t.true(
          count('TicketActionSucceeded', id) + count('TicketActionFailed', id) <=
            count('TicketActionRequested', id),
        );
      }
    }),
  );
});

test('at no time are two takes pending, nor two closes pending or done', (t) => {
  fc.assert(
    fc.property(commands, (list) => {
      const settled = new Map<string, 'succeeded' | 'failed'>();
      const asked = new Map<string, string>();
      for (const event of run(list)) {
        if (event.type === 'TicketActionRequested') asked.set(event.data.actionId, event.data.action.kind);
        if (event.type === 'TicketActionSucceeded') settled.set(event.data.actionId, 'succeeded');
        if (event.type === 'TicketActionFailed') settled.set(event.data.actionId, 'failed');
        const pendingTakes = [...asked].filter(([id, kind]) => kind === 'take' && !settled.has(id));
        const liveCloses = [...asked].filter(
          ([id, kind]) => kind === 'close' && settled.get(id) !== 'failed',
        );
        t.true(pendingTakes.length <= 1);
        t.true(liveCloses.length <= 1);
      }
    }),
  );
});
