import anyTest, { type ExecutionContext, type TestFn } from 'ava';
import type { RecordedEvent } from '../../../application/ports/index.ts';
import { otrsProjector } from '../../../projections/otrs/index.ts';
import { otrsEvent, otrsTime as time, ticketOpened } from '../../support/otrs-read-model-fixture.ts';
import { projectorSpec } from '../../support/projector-spec.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';

interface Context {
  database: TestDatabase;
}

const test = anyTest as TestFn<Context>;

test.before(async (t) => {
  t.context.database = await createTestDatabase({ poolMax: 4 });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const otrs = (t: ExecutionContext<Context>) => projectorSpec(otrsProjector, t.context.database)(t);

type Data = { type: string; data: object };

const streams = () => {
  const log = recordedLog();
  const on =
    (stream: string) =>
    (event: Data, minute = 0): RecordedEvent[] =>
      log.append(stream, [otrsEvent(event, time(minute))]);
  return {
    ticket: (ticketId: number) => on(`otrs-ticket-${ticketId}`),
    agent: (agentId: number) => on(`otrs-agent-${agentId}`),
    link: (telegramUserId: number) => on(`otrs-agent-link-${telegramUserId}`),
    user: (telegramUserId: number) => on(`telegram-user-${telegramUserId}`),
  };
};

const TICKET = `select ticket_id, number, title, customer_user_id, customer_name, queue, priority, state,
  state_type, closed, lock, owner_id, changed, article_id, article_excerpt from otrs.tickets order by ticket_id`;

test('a ticket opened and changed is one row that follows each change, never moving its change time back', async (t) => {
  const s = streams();
  const ticket = s.ticket(7);
  const history = [
    ...ticket(ticketOpened(7)),
    ...ticket(
      {
        type: 'TicketStateChanged',
        data: {
          ticketId: 7,
          from: { state: 'new', stateType: 'new' },
          to: { state: 'open', stateType: 'open' },
          changed: time(5),
        },
      },
      5,
    ),
    ...ticket({ type: 'TicketOwnerChanged', data: { ticketId: 7, from: null, to: 3, changed: time(6) } }, 6),
    ...ticket(
      { type: 'TicketLockChanged', data: { ticketId: 7, from: 'unlock', to: 'lock', changed: time(6) } },
      6,
    ),
    ...ticket(
      {
        type: 'TicketQueueChanged',
        data: {
          ticketId: 7,
          from: { id: 2, name: 'Support' },
          to: { id: 4, name: 'Hardware' },
          changed: time(7),
        },
      },
      7,
    ),
    ...ticket(
      {
        type: 'TicketArticleAdded',
        data: {
          ticketId: 7,
          articleId: 70,
          subjectId: 'otrs-customer-key7',
          senderType: 'customer',
          visibleForCustomer: true,
          excerpt: 'It jams again',
          changed: time(8),
        },
      },
      8,
    ),
    // A late change of an older time moves nothing back.
    ...ticket({ type: 'TicketTouched', data: { ticketId: 7, changed: time(2) } }, 9),
    // An action changes nothing here: OTRS's own change follows as an observation.
    ...ticket(
      { type: 'TicketActionSucceeded', data: { ticketId: 7, actionId: 'a1', kind: 'take', requestedBy: 42 } },
      9,
    ),
  ];
  await otrs(t)
    .given(history)
    .thenRows(TICKET, [
      {
        ticket_id: '7',
        number: '2026120410000007',
        title: 'Printer 7 is jammed',
        customer_user_id: 'customer7@example.com',
        customer_name: 'Ivan Petrov',
        queue: 'Hardware',
        priority: '3 normal',
        state: 'open',
        state_type: 'open',
        closed: false,
        lock: 'lock',
        owner_id: 3,
        changed: new Date(time(8)),
        article_id: '70',
        article_excerpt: 'It jams again',
      },
    ]);
});

test('a closed state closes the ticket; a replayed TicketOpened changes nothing', async (t) => {
  const s = streams();
  const ticket = s.ticket(8);
  const opened = ticket(ticketOpened(8));
  await otrs(t)
    .given([
      ...opened,
      ...ticket(
        {
          type: 'TicketStateChanged',
          data: {
            ticketId: 8,
            from: { state: 'new', stateType: 'new' },
            to: { state: 'closed successful', stateType: 'closed' },
            changed: time(3),
          },
        },
        3,
      ),
    ])
    .when(opened)
    .thenRows('select state, closed from otrs.tickets', [{ state: 'closed successful', closed: true }]);
});

const ESCALATION = `select first_response_due, solution_due, first_response_announced, solution_announced,
  announced from otrs.tickets`;

test('announced escalations are kept per due time; a due time that moves back finds its announcement', async (t) => {
  const s = streams();
  const ticket = s.ticket(9);
  const first = time(30);
  const second = time(45);
  const times = (firstResponse: string) => ({ firstResponse, update: null, solution: time(50, 10) });
  await otrs(t)
    .given([
      ...ticket(ticketOpened(9, { escalations: times(first) })),
      ...ticket(
        { type: 'TicketEscalationNear', data: { ticketId: 9, kind: 'firstResponse', deadline: first } },
        20,
      ),
      ...ticket(
        { type: 'TicketEscalationTimesChanged', data: { ticketId: 9, to: times(second), changed: time(25) } },
        25,
      ),
    ])
    .when(
      ticket(
        { type: 'TicketEscalationTimesChanged', data: { ticketId: 9, to: times(first), changed: time(26) } },
        26,
      ),
    )
    .thenRows(ESCALATION, [
      {
        first_response_due: new Date(first),
        solution_due: new Date(time(50, 10)),
        first_response_announced: 'near',
        solution_announced: null,
        announced: { firstResponse: { [first]: 'near' } },
      },
    ]);
});

test('a due time moved away has nothing announced yet', async (t) => {
  const s = streams();
  const ticket = s.ticket(10);
  const first = time(30);
  const times = (firstResponse: string) => ({ firstResponse, update: null, solution: null });
  await otrs(t)
    .given([
      ...ticket(ticketOpened(10, { escalations: times(first) })),
      ...ticket(
        { type: 'TicketEscalated', data: { ticketId: 10, kind: 'firstResponse', deadline: first } },
        31,
      ),
    ])
    .when(
      ticket(
        {
          type: 'TicketEscalationTimesChanged',
          data: { ticketId: 10, to: times(time(50)), changed: time(32) },
        },
        32,
      ),
    )
    .thenRows('select first_response_announced, announced from otrs.tickets', [
      { first_response_announced: null, announced: { firstResponse: { [first]: 'escalated' } } },
    ]);
});

test('agents keep the login last seen; links follow their status and go on unlink', async (t) => {
  const s = streams();
  await otrs(t)
    .given([
      ...s.agent(3)({ type: 'OtrsAgentSeen', data: { agentId: 3, login: 'IVanov' } }),
      ...s.agent(3)({ type: 'OtrsAgentSeen', data: { agentId: 3, login: 'ivanov2' } }, 4),
      ...s.link(42)({ type: 'OtrsAgentLinked', data: { telegramUserId: 42, login: 'Ivanov2' } }),
      ...s.link(42)({ type: 'OtrsAgentSessionExpired', data: { telegramUserId: 42 } }, 5),
      ...s.link(43)({ type: 'OtrsAgentLinked', data: { telegramUserId: 43, login: 'petrov' } }),
      ...s.link(43)({ type: 'OtrsAgentUnlinked', data: { telegramUserId: 43, reason: 'self' } }, 6),
    ])
    .thenRows(
      `select a.agent_id, a.login_key, l.telegram_user_id, l.status from otrs.agents a
       left join otrs.links l on l.login_key = a.login_key`,
      [{ agent_id: 3, login_key: 'ivanov2', telegram_user_id: '42', status: 'expired' }],
    );
});

test('a forgotten customer leaves the ticket without title, customer or excerpt; others keep theirs', async (t) => {
  const s = streams();
  const seven = s.ticket(7);
  const history = [
    ...seven(ticketOpened(7)),
    ...seven({
      type: 'TicketArticleAdded',
      data: {
        ticketId: 7,
        articleId: 70,
        subjectId: 'otrs-customer-key7',
        senderType: 'customer',
        visibleForCustomer: true,
        excerpt: 'It jams again',
        changed: time(1),
      },
    }),
    ...s.ticket(8)(ticketOpened(8)),
  ];
  await otrs(t)
    .given(history)
    .when(s.user(0)({ type: 'OtrsCustomerForgotten', data: { subjectId: 'otrs-customer-key7' } }, 10))
    .thenRows(
      'select ticket_id, title, customer_user_id, customer_id, customer_name, article_excerpt from otrs.tickets order by ticket_id',
      [
        {
          ticket_id: '7',
          title: null,
          customer_user_id: null,
          customer_id: null,
          customer_name: null,
          article_excerpt: null,
        },
        {
          ticket_id: '8',
          title: 'Printer 8 is jammed',
          customer_user_id: 'customer8@example.com',
          customer_id: 'ACME',
          customer_name: 'Ivan Petrov',
          article_excerpt: null,
        },
      ],
    );
});

test('a forgotten Telegram user loses their link; a forgotten agent their login', async (t) => {
  const s = streams();
  await otrs(t)
    .given([
      ...s.agent(3)({ type: 'OtrsAgentSeen', data: { agentId: 3, login: 'ivanov' } }),
      ...s.agent(4)({ type: 'OtrsAgentSeen', data: { agentId: 4, login: 'petrov' } }),
      ...s.link(42)({ type: 'OtrsAgentLinked', data: { telegramUserId: 42, login: 'ivanov' } }),
      ...s.link(43)({ type: 'OtrsAgentLinked', data: { telegramUserId: 43, login: 'petrov' } }),
    ])
    .when([
      ...s.user(42)({ type: 'TelegramUserForgotten', data: { telegramUserId: 42 } }, 10),
      ...s.agent(4)({ type: 'OtrsAgentForgotten', data: { agentId: 4 } }, 10),
    ])
    .thenRows(
      `select (select json_agg(login order by agent_id) from otrs.agents) as agents,
         (select json_agg(telegram_user_id order by telegram_user_id) from otrs.links) as links`,
      [{ agents: ['ivanov', null], links: [43] }],
    );
});

test('what the lens reads as null of a forgotten subject (a rebuild) is kept as null', async (t) => {
  const s = streams();
  await otrs(t)
    .given([
      ...s.ticket(11)(ticketOpened(11, { title: null, customer: null })),
      ...s.agent(5)({ type: 'OtrsAgentSeen', data: { agentId: 5, login: null as unknown as string } }),
      ...s.link(44)({
        type: 'OtrsAgentLinked',
        data: { telegramUserId: 44, login: null as unknown as string },
      }),
    ])
    .thenRows(
      `select (select title from otrs.tickets) as title, (select login from otrs.agents) as login,
         (select count(*)::int from otrs.links) as links`,
      [{ title: null, login: null, links: 0 }],
    );
});
