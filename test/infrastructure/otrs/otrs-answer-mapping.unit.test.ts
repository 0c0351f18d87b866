import test from 'ava';
import { toHistoryEntry, toTicket } from '../../../infrastructure/otrs/otrs-answer-mapping.ts';
import {
  historyLineShape,
  searchAnswer,
  ticketShape,
} from '../../../infrastructure/otrs/otrs-answer-shapes.ts';

const rawTicket = {
  TicketID: '42',
  TicketNumber: '2026120310000042',
  Title: 'Printer on fire',
  State: 'open',
  StateType: 'open',
  Queue: 'Raw',
  QueueID: 2,
  Priority: '3 normal',
  PriorityID: '3',
  Lock: 'lock',
  Owner: 'anna',
  OwnerID: '7',
  Responsible: '',
  ResponsibleID: '0',
  CustomerUserID: null,
  Created: '2026-07-15 10:00:00',
  Changed: '2026-07-15 10:05:00',
  EscalationResponseTime: '0',
  EscalationUpdateTime: 0,
  EscalationSolutionTime: '1784116800',
  Article: {
    ArticleID: '9',
    Subject: 'Hi',
    Body: 'Text',
    CreateTime: '2026-07-15 10:00:00',
    IsVisibleForCustomer: '1',
  },
};

test('ids given as strings or numbers become numbers, and empty ones null', (t) => {
  const ticket = toTicket(ticketShape.parse(rawTicket), 'Europe/Berlin', false);
  t.is(ticket.id, 42);
  t.is(ticket.queueId, 2);
  t.is(ticket.priorityId, 3);
  t.is(ticket.ownerId, 7);
  t.is(ticket.responsibleId, null);
  t.is(ticket.responsible, null);
  t.is(ticket.customerUserId, null);
  t.is(ticket.number, '2026120310000042');
});

test('times are read in the server’s zone; escalations are unix seconds, 0 for none', (t) => {
  const ticket = toTicket(ticketShape.parse(rawTicket), 'Europe/Berlin', false);
  t.is(ticket.createdAt.toISOString(), '2026-07-15T08:00:00.000Z');
  t.is(ticket.changedAt.toISOString(), '2026-07-15T08:05:00.000Z');
  t.is(ticket.escalation.firstResponseAt, null);
  t.is(ticket.escalation.updateAt, null);
  t.is(ticket.escalation.solutionAt?.toISOString(), '2026-07-15T12:00:00.000Z');
});

test('articles are mapped only when asked for, a lone article as a list', (t) => {
  t.is(toTicket(ticketShape.parse(rawTicket), 'UTC', false).articles, undefined);
  const articles = toTicket(ticketShape.parse(rawTicket), 'UTC', true).articles ?? [];
  t.is(articles.length, 1);
  t.is(articles[0]?.id, 9);
  t.true(articles[0]?.visibleForCustomer);
});

test('a search answer of {} is no ids, a lone id is a list of one', (t) => {
  t.deepEqual(searchAnswer.parse({}).TicketID, undefined);
  t.deepEqual(searchAnswer.parse({ TicketID: '5' }).TicketID, [5]);
  t.deepEqual(searchAnswer.parse({ TicketID: ['5', 6] }).TicketID, [5, 6]);
  t.false(searchAnswer.safeParse({ TicketID: ['0'] }).success);
  t.false(searchAnswer.safeParse({ TicketID: ['12abc'] }).success);
});

test('a history line names the agent by id, an article id 0 as none', (t) => {
  const line = toHistoryEntry(
    historyLineShape.parse({
      TicketID: '1',
      HistoryType: 'StateUpdate',
      Name: '%%new%%open%%',
      ArticleID: '0',
      CreateBy: '7',
      CreateTime: '2026-01-15 10:00:00',
      QueueID: '2',
      OwnerID: '7',
      PriorityID: '3',
      StateID: '4',
    }),
    'Europe/Moscow',
  );
  t.is(line.createdBy, 7);
  t.is(line.articleId, null);
  t.is(line.stateId, 4);
  t.is(line.createdAt.toISOString(), '2026-01-15T07:00:00.000Z');
});
