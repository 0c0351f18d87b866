import test from 'ava';
import { ticketDecider } from '../../../domain/otrs/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { firstArticle, observe, opened, seen, snapshot, subjectId, ticketId } from './ticket-fixtures.ts';

const spec = deciderSpec(ticketDecider);
const later = '2026-12-03T09:10:00.000Z';

test('opens a ticket seen for the first time, with its latest article', (t) => {
  spec(t).given([]).when(observe(snapshot())).then(seen);
});

test('opens a ticket without an article and without a customer under the snapshot’s subject', (t) => {
  spec(t)
    .given([])
    .when(observe(snapshot({ latestArticle: null, customer: null })))
    .then([{ ...opened, data: { ...opened.data, customer: null } }]);
});

test('records nothing for the same snapshot again, as the poller sees what the webhook saw', (t) => {
  spec(t).given(seen).when(observe(snapshot())).then([]);
});

test('records nothing for a snapshot older than what the stream has seen', (t) => {
  const taken = {
    type: 'TicketOwnerChanged' as const,
    data: { ticketId, from: null, to: 7, changed: later },
  };
  spec(t)
    .given([...seen, taken])
    .when(observe(snapshot({ state: 'open', stateType: 'open', changed: '2026-12-03T09:05:00.000Z' })))
    .then([]);
});

test('records each changed field as its own event, with OTRS’s change time', (t) => {
  spec(t)
    .given(seen)
    .when(
      observe(
        snapshot({
          state: 'open',
          stateType: 'open',
          queue: { id: 5, name: 'IT::Servers' },
          priority: { id: 4, name: '4 high' },
          ownerId: 7,
          responsibleId: 8,
          lock: 'lock',
          changed: later,
        }),
      ),
    )
    .then([
      {
        type: 'TicketStateChanged',
        data: {
          ticketId,
          from: { state: 'new', stateType: 'new' },
          to: { state: 'open', stateType: 'open' },
          changed: later,
        },
      },
      {
        type: 'TicketQueueChanged',
        data: {
          ticketId,
          from: { id: 3, name: 'IT::Printers' },
          to: { id: 5, name: 'IT::Servers' },
          changed: later,
        },
      },
      {
        type: 'TicketPriorityChanged',
        data: { ticketId, from: { id: 3, name: '3 normal' }, to: { id: 4, name: '4 high' }, changed: later },
      },
      { type: 'TicketOwnerChanged', data: { ticketId, from: null, to: 7, changed: later } },
      { type: 'TicketResponsibleChanged', data: { ticketId, from: null, to: 8, changed: later } },
      { type: 'TicketLockChanged', data: { ticketId, from: 'unlock', to: 'lock', changed: later } },
    ]);
});

test('records a new title and customer with only their new values, under the subject', (t) => {
  const customer = { userId: 'p.petrov', customerId: 'HQ', name: 'Пётр Петров' };
  spec(t)
    .given(seen)
    .when(observe(snapshot({ title: 'Принтер 214', customer, changed: later })))
    .then([
      { type: 'TicketTitleChanged', data: { ticketId, subjectId, title: 'Принтер 214', changed: later } },
      { type: 'TicketCustomerChanged', data: { ticketId, subjectId, customer, changed: later } },
    ]);
});

test('records a newer article once, and neither an older nor the same one', (t) => {
  const article = {
    articleId: 905,
    senderType: 'agent' as const,
    visibleForCustomer: false,
    excerpt: 'Выехал',
  };
  const added = {
    type: 'TicketArticleAdded' as const,
    data: {
      ticketId,
      articleId: 905,
      subjectId,
      senderType: 'agent' as const,
      visibleForCustomer: false,
      excerpt: 'Выехал',
      changed: later,
    },
  };
  spec(t)
    .given(seen)
    .when(observe(snapshot({ latestArticle: article, changed: later })))
    .then([added]);
  spec(t)
    .given([...seen, added])
    .when(observe(snapshot({ latestArticle: article, changed: later })))
    .then([]);
  spec(t)
    .given([...seen, added])
    .when(observe(snapshot({ latestArticle: { ...article, articleId: 901 }, changed: later })))
    .then([]);
});

test('records moved escalation times', (t) => {
  const escalations = {
    firstResponse: null,
    update: '2026-12-03T14:00:00.000Z',
    solution: '2026-12-04T09:00:00.000Z',
  };
  spec(t)
    .given(seen)
    .when(observe(snapshot({ escalations, changed: later })))
    .then([{ type: 'TicketEscalationTimesChanged', data: { ticketId, to: escalations, changed: later } }]);
});

test('records a newer change of nothing it tracks as touched, so that an older snapshot cannot undo it', (t) => {
  const touched = { type: 'TicketTouched' as const, data: { ticketId, changed: later } };
  spec(t)
    .given(seen)
    .when(observe(snapshot({ changed: later })))
    .then([touched]);
  spec(t)
    .given([...seen, touched])
    .when(observe(snapshot({ state: 'open', stateType: 'open', changed: '2026-12-03T09:05:00.000Z' })))
    .then([]);
});

test('records no personal field of a forgotten subject, and does not take it for a change', (t) => {
  const withheld = snapshot({ personalSubject: null, changed: later, state: 'open', stateType: 'open' });
  spec(t)
    .given(seen)
    .when(observe(withheld))
    .then([
      {
        type: 'TicketStateChanged',
        data: {
          ticketId,
          from: { state: 'new', stateType: 'new' },
          to: { state: 'open', stateType: 'open' },
          changed: later,
        },
      },
    ]);
  spec(t)
    .given([])
    .when(observe(snapshot({ personalSubject: null, latestArticle: null })))
    .then([{ ...opened, data: { ...opened.data, subjectId: null, title: null, customer: null } }]);
  spec(t)
    .given([])
    .when(observe(snapshot({ personalSubject: null })))
    .then([
      { ...opened, data: { ...opened.data, subjectId: null, title: null, customer: null } },
      {
        ...firstArticle,
        data: { ...firstArticle.data, subjectId: null, excerpt: null },
      } as typeof firstArticle,
    ]);
});

test('cleans OTRS’s texts instead of refusing them: control characters blanked, long ones cut', (t) => {
  const events = ticketDecider.decide(
    observe(
      snapshot({
        title: `Принтер\u0000\u001b[31m ${'x'.repeat(400)}`,
        latestArticle: {
          articleId: 900,
          senderType: 'customer',
          visibleForCustomer: true,
          excerpt: 'a\r\n\r\nb\nc\nd\ne\nf\ng',
        },
      }),
    ),
    ticketDecider.initialState(),
  );
  const [open, article] = events;
  t.is(open?.type, 'TicketOpened');
  const title = open?.type === 'TicketOpened' ? open.data.title : null;
  t.is(Array.from(title ?? '').length, 255);
  t.true(title?.startsWith('Принтер [31m x') ?? false);
  t.true(title?.endsWith('…') ?? false);
  t.deepEqual(article?.type === 'TicketArticleAdded' ? article.data.excerpt : undefined, 'a\nb\nc\nd\ne');
});

test('refuses a snapshot whose ids, number, times or lock are not OTRS’s', (t) => {
  for (const bad of [
    snapshot({ ticketId: 0 }),
    snapshot({ number: '12a' }),
    snapshot({ changed: '2026-12-03 09:00:00' }),
    snapshot({ created: '2026-13-03T09:00:00Z' }),
    snapshot({ escalations: { firstResponse: 'soon', update: null, solution: null } }),
    snapshot({ ownerId: 1.5 }),
    snapshot({ queue: { id: 3, name: ' ' } }),
    snapshot({ lock: 'locked' as 'lock' }),
    snapshot({
      latestArticle: { articleId: -1, senderType: 'agent', visibleForCustomer: false, excerpt: null },
    }),
  ]) {
    spec(t).given([]).when(observe(bad)).thenThrows('OTRS_TICKET.INVALID_OBSERVATION');
  }
});

test('records the title and customer again under a new subject, so that they are under the new key', (t) => {
  const { title } = snapshot();
  const customer = { userId: 'p.petrov', customerId: null, name: null };
  spec(t)
    .given(seen)
    .when(observe(snapshot({ customer, personalSubject: 'otrs-customer-k2', changed: later })))
    .then([
      {
        type: 'TicketTitleChanged',
        data: { ticketId, subjectId: 'otrs-customer-k2', title, changed: later },
      },
      {
        type: 'TicketCustomerChanged',
        data: { ticketId, subjectId: 'otrs-customer-k2', customer, changed: later },
      },
    ]);
});

test('applies a different snapshot of the same second, since OTRS’s times have one-second resolution', (t) => {
  const changed = snapshot().changed;
  spec(t)
    .given(seen)
    .when(observe(snapshot({ ownerId: 7 })))
    .then([{ type: 'TicketOwnerChanged', data: { ticketId, from: null, to: 7, changed } }]);
});
