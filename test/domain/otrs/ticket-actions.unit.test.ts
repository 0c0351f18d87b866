import test from 'ava';
import {
  MAX_NOTE_LENGTH,
  type OtrsAgentRef,
  type TicketCommand,
  type TicketEvent,
  ticketDecider,
} from '../../../domain/otrs/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { metadata, seen, subjectId, ticketId } from './ticket-fixtures.ts';

const spec = deciderSpec(ticketDecider);
const me: OtrsAgentRef = { telegramUserId: 1001, link: 'active', agentId: 7 };
const other: OtrsAgentRef = { telegramUserId: 1002, link: 'active', agentId: 8 };
const command = <C extends TicketCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;
const take = (agent = me, actionId = 'u-1') => command('TakeTicket', { ticketId, actionId, agent });
const note = (text: string, actionId = 'u-2') =>
  command('AddTicketNote', { ticketId, actionId, agent: me, text });
const close = (actionId = 'u-3', state = 'closed successful') =>
  command('CloseTicket', { ticketId, actionId, agent: me, state });
const requested = (
  actionId: string,
  action: Extract<TicketEvent, { type: 'TicketActionRequested' }>['data']['action'],
  requestedBy = me.telegramUserId,
): TicketEvent => ({
  type: 'TicketActionRequested',
  data: { ticketId, actionId, requestedBy, subjectId, action },
});
const changed = '2026-12-03T09:30:00.000Z';
const lockedBy = (agentId: number): TicketEvent[] => [
  { type: 'TicketOwnerChanged', data: { ticketId, from: null, to: agentId, changed } },
  { type: 'TicketLockChanged', data: { ticketId, from: 'unlock', to: 'lock', changed } },
];
const closedTicket: TicketEvent = {
  type: 'TicketStateChanged',
  data: {
    ticketId,
    from: { state: 'new', stateType: 'new' },
    to: { state: 'closed successful', stateType: 'closed' },
    changed,
  },
};

test('asks to take a ticket, once per update, and once while the take is pending', (t) => {
  const asked = requested('u-1', { kind: 'take' });
  spec(t).given(seen).when(take()).then([asked]);
  spec(t)
    .given([...seen, asked])
    .when(take())
    .then([]);
  spec(t)
    .given([...seen, asked])
    .when(take(me, 'u-9'))
    .then([]);
});

test('takes nothing the agent holds already, and refuses one another agent holds or is taking', (t) => {
  spec(t)
    .given([...seen, ...lockedBy(7)])
    .when(take())
    .then([]);
  spec(t)
    .given([...seen, ...lockedBy(8)])
    .when(take())
    .thenThrows('OTRS_TICKET.TAKEN_BY_OTHER');
  spec(t)
    .given([...seen, requested('u-5', { kind: 'take' }, other.telegramUserId)])
    .when(take())
    .thenThrows('OTRS_TICKET.TAKEN_BY_OTHER');
  // Whose lock it is cannot be told without the agent's OTRS id: OTRS decides.
  spec(t)
    .given([...seen, ...lockedBy(8)])
    .when(take({ ...me, agentId: null }))
    .then([requested('u-1', { kind: 'take' })]);
});

test('may take again after a failed take', (t) => {
  const failed: TicketEvent = {
    type: 'TicketActionFailed',
    data: {
      ticketId,
      actionId: 'u-5',
      kind: 'take',
      requestedBy: other.telegramUserId,
      error: { code: 'OTRS.UNAVAILABLE', message: null },
    },
  };
  spec(t)
    .given([...seen, requested('u-5', { kind: 'take' }, other.telegramUserId), failed])
    .when(take())
    .then([requested('u-1', { kind: 'take' })]);
});

test('refuses an agent who is not linked or whose session expired, and a ticket it does not know', (t) => {
  spec(t)
    .given(seen)
    .when(take({ ...me, link: 'none' }))
    .thenThrows('OTRS_AGENT.NOT_LINKED');
  spec(t)
    .given(seen)
    .when(take({ ...me, link: 'expired' }))
    .thenThrows('OTRS_AGENT.SESSION_EXPIRED');
  spec(t).given([]).when(take()).thenThrows('OTRS_TICKET.NOT_FOUND');
});

test('refuses to take, reassign or close a closed ticket, but takes a note on it', (t) => {
  spec(t)
    .given([...seen, closedTicket])
    .when(take())
    .thenThrows('OTRS_TICKET.ALREADY_CLOSED');
  spec(t)
    .given([...seen, closedTicket])
    .when(close())
    .thenThrows('OTRS_TICKET.ALREADY_CLOSED');
  spec(t)
    .given([...seen, closedTicket])
    .when(
      command('ReassignTicket', {
        ticketId,
        actionId: 'u-4',
        agent: me,
        to: { kind: 'queue', queue: 'IT::Servers' },
      }),
    )
    .thenThrows('OTRS_TICKET.ALREADY_CLOSED');
  spec(t)
    .given([...seen, closedTicket])
    .when(note('Закрыто по звонку'))
    .then([requested('u-2', { kind: 'note', text: 'Закрыто по звонку' })]);
});

test('adds a note trimmed, line breaks as LF, under the ticket’s subject (its own without a customer)', (t) => {
  spec(t)
    .given(seen)
    .when(note('  Заменил картридж.\r\n\tПроверено.  '))
    .then([requested('u-2', { kind: 'note', text: 'Заменил картридж.\n\tПроверено.' })]);
  const [open, ...rest] = seen;
  if (open?.type !== 'TicketOpened') return t.fail();
  const withoutSubject: TicketEvent = { ...open, data: { ...open.data, subjectId: null } };
  spec(t)
    .given([withoutSubject, ...rest])
    .when(note('Без заказчика'))
    .then([
      {
        type: 'TicketActionRequested',
        data: {
          ticketId,
          actionId: 'u-2',
          requestedBy: me.telegramUserId,
          subjectId: 'otrs-ticket-4711',
          action: { kind: 'note', text: 'Без заказчика' },
        },
      },
    ]);
});

test('refuses an empty note, one over 10,000 characters, and control characters', (t) => {
  spec(t).given(seen).when(note(' \n ')).thenThrows('OTRS_NOTE.EMPTY');
  spec(t)
    .given(seen)
    .when(note('x'.repeat(MAX_NOTE_LENGTH + 1)))
    .thenThrows('OTRS_NOTE.TOO_LONG');
  spec(t)
    .given(seen)
    .when(note('x'.repeat(100 * 1024)))
    .thenThrows('OTRS_NOTE.TOO_LONG');
  spec(t)
    .given(seen)
    .when(note('x'.repeat(MAX_NOTE_LENGTH)))
    .then([requested('u-2', { kind: 'note', text: 'x'.repeat(MAX_NOTE_LENGTH) })]);
  for (const text of ['a\u0000b', 'a\u001b[2Jb', 'a\u0085b', 'a\ud800b']) {
    spec(t).given(seen).when(note(text)).thenThrows('OTRS_NOTE.INVALID_TEXT');
  }
});

test('reassigns to a linked agent or a queue, and to where the ticket is changes nothing', (t) => {
  const reassign = (to: Extract<TicketCommand, { type: 'ReassignTicket' }>['data']['to']) =>
    command('ReassignTicket', { ticketId, actionId: 'u-4', agent: me, to });
  spec(t)
    .given(seen)
    .when(reassign({ kind: 'agent', agent: other }))
    .then([
      requested('u-4', { kind: 'reassign', to: { kind: 'agent', telegramUserId: other.telegramUserId } }),
    ]);
  // An agent whose own session expired can still be given a ticket: the call is made with mine.
  spec(t)
    .given(seen)
    .when(reassign({ kind: 'agent', agent: { ...other, link: 'expired' } }))
    .then([
      requested('u-4', { kind: 'reassign', to: { kind: 'agent', telegramUserId: other.telegramUserId } }),
    ]);
  spec(t)
    .given([...seen, ...lockedBy(8)])
    .when(reassign({ kind: 'agent', agent: other }))
    .then([]);
  spec(t)
    .given(seen)
    .when(reassign({ kind: 'queue', queue: ' IT::Servers ' }))
    .then([requested('u-4', { kind: 'reassign', to: { kind: 'queue', queue: 'IT::Servers' } })]);
  spec(t)
    .given(seen)
    .when(reassign({ kind: 'queue', queue: 'IT::Printers' }))
    .then([]);
  spec(t)
    .given(seen)
    .when(reassign({ kind: 'agent', agent: { ...other, link: 'none' } }))
    .thenThrows('OTRS_AGENT.TARGET_NOT_LINKED');
  for (const queue of ['', 'IT\u0007', 'q'.repeat(201)]) {
    spec(t)
      .given(seen)
      .when(reassign({ kind: 'queue', queue }))
      .thenThrows('OTRS_TICKET.INVALID_QUEUE');
  }
});

test('closes with the configured state, once while a close is pending or done', (t) => {
  const asked = requested('u-3', { kind: 'close', state: 'closed successful' });
  spec(t).given(seen).when(close()).then([asked]);
  spec(t)
    .given([...seen, asked])
    .when(close('u-8'))
    .then([]);
  spec(t).given(seen).when(close('u-3', ' ')).thenThrows('OTRS_TICKET.INVALID_STATE');
  spec(t).given(seen).when(close('u-3', 'closed\u0000')).thenThrows('OTRS_TICKET.INVALID_STATE');
});

test('records an action’s outcome once, OTRS’s text bounded and cleaned, and refuses one nobody asked', (t) => {
  const asked = requested('u-1', { kind: 'take' });
  const outcome = (
    data: Extract<TicketCommand, { type: 'RecordTicketActionOutcome' }>['data']['outcome'],
    actionId = 'u-1',
  ) => command('RecordTicketActionOutcome', { ticketId, actionId, outcome: data });
  const succeeded: TicketEvent = {
    type: 'TicketActionSucceeded',
    data: { ticketId, actionId: 'u-1', kind: 'take', requestedBy: me.telegramUserId },
  };
  spec(t)
    .given([...seen, asked])
    .when(outcome({ ok: true }))
    .then([succeeded]);
  spec(t)
    .given([...seen, asked, succeeded])
    .when(outcome({ ok: true }))
    .then([]);
  spec(t)
    .given([...seen, asked, succeeded])
    .when(outcome({ ok: false, code: 'OTRS.UNAVAILABLE', message: null }))
    .then([]);
  const events = ticketDecider.decide(
    outcome({ ok: false, code: 'TicketUpdate.AccessDenied', message: `Нет прав\u0000 ${'x'.repeat(2000)}` }),
    [...seen, asked].reduce(ticketDecider.evolve, ticketDecider.initialState()),
  );
  const failed = events[0];
  t.is(failed?.type, 'TicketActionFailed');
  const error = failed?.type === 'TicketActionFailed' ? failed.data.error : null;
  t.is(error?.code, 'TicketUpdate.AccessDenied');
  t.is(Array.from(error?.message ?? '').length, 500);
  t.true(error?.message?.startsWith('Нет прав x') ?? false);
  spec(t)
    .given(seen)
    .when(outcome({ ok: true }, 'u-404'))
    .thenThrows('OTRS_TICKET.ACTION_NOT_FOUND');
});
