import test from 'ava';
import { type TicketCommand, type TicketEvent, ticketDecider } from '../../../domain/otrs/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { metadataAt, observe, opened, seen, snapshot, ticketId } from './ticket-fixtures.ts';

const spec = deciderSpec(ticketDecider);
const deadline = '2026-12-03T12:00:00.000Z';
const check = (at: string, warnBeforeSeconds = 1800): TicketCommand => ({
  type: 'CheckTicketEscalations',
  data: { ticketId, warnBeforeSeconds },
  metadata: metadataAt(at),
});
const near: TicketEvent = {
  type: 'TicketEscalationNear',
  data: { ticketId, kind: 'firstResponse', deadline },
};
const escalated: TicketEvent = {
  type: 'TicketEscalated',
  data: { ticketId, kind: 'firstResponse', deadline },
};

test('announces nothing before the warning time', (t) => {
  spec(t).given(seen).when(check('2026-12-03T11:29:59.000Z')).then([]);
});

test('announces an escalation as near once, then as escalated once', (t) => {
  spec(t).given(seen).when(check('2026-12-03T11:30:00.000Z')).then([near]);
  spec(t)
    .given([...seen, near])
    .when(check('2026-12-03T11:45:00.000Z'))
    .then([]);
  spec(t)
    .given([...seen, near])
    .when(check(deadline))
    .then([escalated]);
  spec(t)
    .given([...seen, near, escalated])
    .when(check('2026-12-03T15:00:00.000Z'))
    .then([]);
});

test('announces one first seen past due as escalated only, kind by kind', (t) => {
  spec(t)
    .given(seen)
    .when(check('2026-12-04T08:45:00.000Z'))
    .then([
      escalated,
      {
        type: 'TicketEscalationNear',
        data: { ticketId, kind: 'solution', deadline: '2026-12-04T09:00:00.000Z' },
      },
    ]);
});

test('announces a moved due time as a new escalation', (t) => {
  const moved = '2026-12-03T13:00:00.000Z';
  const timesChanged: TicketEvent = {
    type: 'TicketEscalationTimesChanged',
    data: {
      ticketId,
      to: { firstResponse: moved, update: null, solution: '2026-12-04T09:00:00.000Z' },
      changed: '2026-12-03T11:00:00.000Z',
    },
  };
  spec(t)
    .given([...seen, near, escalated, timesChanged])
    .when(check('2026-12-03T13:00:00.000Z'))
    .then([{ type: 'TicketEscalated', data: { ticketId, kind: 'firstResponse', deadline: moved } }]);
});

test('an observation announces what is due at its time too, and a closed ticket escalates no more', (t) => {
  const late = metadataAt('2026-12-03T12:30:00.000Z');
  spec(t)
    .given([])
    .when(observe(snapshot({ latestArticle: null }), late))
    .then([opened, escalated]);
  const closed: TicketEvent = {
    type: 'TicketStateChanged',
    data: {
      ticketId,
      from: { state: 'new', stateType: 'new' },
      to: { state: 'closed successful', stateType: 'closed' },
      changed: '2026-12-03T11:00:00.000Z',
    },
  };
  spec(t)
    .given([...seen, closed])
    .when(check('2026-12-04T10:00:00.000Z'))
    .then([]);
});

test('refuses to check a ticket it does not know', (t) => {
  spec(t).given([]).when(check(deadline)).thenThrows('OTRS_TICKET.NOT_FOUND');
});
