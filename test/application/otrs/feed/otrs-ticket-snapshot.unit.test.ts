import test from 'ava';
import { agentsOf, ticketSubjectOf, toTicketSnapshot } from '../../../../application/otrs/feed/index.ts';
import type { OtrsTicket } from '../../../../application/ports/otrs.ts';
import { normalizeTicketSnapshot } from '../../../../domain/otrs/index.ts';

const keys = { keyOf: (id: string) => `k-${id.trim().toLowerCase()}` };

const ticket = (over: Partial<OtrsTicket> = {}): OtrsTicket => ({
  id: 42,
  number: '2026120400000042',
  title: 'VPN is down',
  state: 'open',
  stateType: 'open',
  queue: 'Raw',
  queueId: 2,
  priority: '3 normal',
  priorityId: 3,
  lock: 'unlock',
  owner: 'root@localhost',
  ownerId: 1,
  responsible: 'anna',
  responsibleId: 7,
  customerUserId: 'Bob@Example.com',
  createdAt: new Date('2026-12-04T08:00:00Z'),
  changedAt: new Date('2026-12-04T09:00:00Z'),
  escalation: { firstResponseAt: null, updateAt: null, solutionAt: new Date('2026-12-05T08:00:00Z') },
  articles: [
    {
      id: 1,
      from: 'bob@example.com',
      subject: 'VPN',
      body: 'first',
      senderType: 'customer',
      visibleForCustomer: true,
      contentType: 'text/plain',
      createdAt: new Date('2026-12-04T08:00:00Z'),
    },
    {
      id: 5,
      from: 'anna',
      subject: 'Re: VPN',
      body: 'Looking into it.\n\nRestarted the gateway.\n',
      senderType: 'agent',
      visibleForCustomer: false,
      contentType: 'text/plain',
      createdAt: new Date('2026-12-04T09:00:00Z'),
    },
  ],
  ...over,
});

test('OTRS admin as owner is no owner; the latest article gives the excerpt; times are UTC instants', (t) => {
  const snapshot = normalizeTicketSnapshot(toTicketSnapshot(ticket(), 'otrs-customer-k'));
  t.is(snapshot.ownerId, null);
  t.is(snapshot.responsibleId, 7);
  t.deepEqual(snapshot.latestArticle, {
    articleId: 5,
    senderType: 'agent',
    visibleForCustomer: false,
    excerpt: 'Looking into it.\nRestarted the gateway.',
  });
  t.is(snapshot.changed, '2026-12-04T09:00:00.000Z');
  t.deepEqual(snapshot.escalations, {
    firstResponse: null,
    update: null,
    solution: '2026-12-05T08:00:00.000Z',
  });
  t.deepEqual(snapshot.customer, { userId: 'Bob@Example.com', customerId: null, name: null });
});

test("the ticket's subject is its customer's keyed one, or its own without a customer", (t) => {
  t.is(ticketSubjectOf(ticket(), keys), 'otrs-customer-k-bob@example.com');
  t.is(ticketSubjectOf(ticket({ customerUserId: null }), keys), 'otrs-ticket-42');
  t.is(ticketSubjectOf(ticket({ customerUserId: '   ' }), keys), 'otrs-ticket-42');
  t.is(toTicketSnapshot(ticket({ customerUserId: null }), 'otrs-ticket-42').customer, null);
});

test('a forgotten subject records no title, customer or excerpt', (t) => {
  const snapshot = normalizeTicketSnapshot(toTicketSnapshot(ticket(), null));
  t.is(snapshot.title, null);
  t.is(snapshot.customer, null);
  t.is(snapshot.latestArticle?.excerpt, null);
  t.is(snapshot.latestArticle?.articleId, 5);
});

test('a ticket without articles has none, and a sender type OTRS add-ons invent counts as system', (t) => {
  t.is(toTicketSnapshot(ticket({ articles: [] }), null).latestArticle, null);
  const odd = ticket();
  const articles = odd.articles?.map((a) => ({ ...a, senderType: 'robot' })) ?? [];
  t.is(toTicketSnapshot({ ...odd, articles }, null).latestArticle?.senderType, 'system');
});

test('the agents named on a ticket are its owner and responsible, the admin left out', (t) => {
  t.deepEqual(agentsOf(ticket()), [{ agentId: 7, login: 'anna' }]);
  t.deepEqual(agentsOf(ticket({ ownerId: 3, owner: 'carl' })), [
    { agentId: 3, login: 'carl' },
    { agentId: 7, login: 'anna' },
  ]);
  t.deepEqual(agentsOf(ticket({ ownerId: 7, owner: 'anna', responsibleId: 7 })), [
    { agentId: 7, login: 'anna' },
  ]);
});
