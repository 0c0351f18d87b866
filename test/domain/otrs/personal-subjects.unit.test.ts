import test from 'ava';
import {
  OTRS_PERSONAL_FIELDS,
  type OtrsPersonalEventType,
  otrsPersonalSubjectOf,
  ticketDecider,
} from '../../../domain/otrs/index.ts';
import { observe, opened, seen, snapshot, subjectId, ticketId } from './ticket-fixtures.ts';

/** One event of each type that holds personal data, as the deciders write them. */
const samples: Readonly<Record<OtrsPersonalEventType, object>> = {
  TicketOpened: opened.data,
  TicketTitleChanged: { ticketId, subjectId, title: 'Принтер', changed: opened.data.changed },
  TicketCustomerChanged: {
    ticketId,
    subjectId,
    customer: opened.data.customer,
    changed: opened.data.changed,
  },
  TicketArticleAdded: seen[1]?.data ?? {},
  TicketActionRequested: {
    ticketId,
    actionId: 'u-1',
    requestedBy: 1001,
    subjectId,
    action: { kind: 'note', text: 'Позвонил' },
  },
  OtrsAgentSeen: { agentId: 7, login: 'i.petrov' },
  OtrsAgentLinked: { telegramUserId: 1001, login: 'i.petrov' },
  OtrsAgentLoginClaimed: { loginKey: 'i.petrov', telegramUserId: 1001 },
  OtrsAgentLoginReleased: { loginKey: 'i.petrov', telegramUserId: 1001 },
};

const at = (data: object, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      data,
    );

test('every personal field it lists is where the events hold a text', (t) => {
  for (const [type, paths] of Object.entries(OTRS_PERSONAL_FIELDS)) {
    const data = samples[type as OtrsPersonalEventType];
    for (const path of paths) t.is(typeof at(data, path), 'string', `${type}.${path}`);
  }
});

test('the decider writes a ticket’s texts where the list says, and only there', (t) => {
  const events = ticketDecider.decide(observe(snapshot()), ticketDecider.initialState());
  const texts = JSON.stringify(events);
  for (const personal of ['Ирина Иванова', 'i.ivanova', 'Принтер не печатает', 'Не печатает принтер']) {
    t.true(texts.includes(personal));
  }
  const scrubbed = events.map((event) => {
    const paths: readonly string[] = OTRS_PERSONAL_FIELDS[event.type as OtrsPersonalEventType] ?? [];
    const copy = structuredClone(event.data) as Record<string, unknown>;
    for (const path of paths) {
      const keys = path.split('.');
      const last = keys.pop() ?? '';
      const owner = keys.reduce<Record<string, unknown> | null>(
        (value, key) => (value?.[key] as Record<string, unknown> | null) ?? null,
        copy,
      );
      if (owner) owner[last] = '…';
    }
    return copy;
  });
  const left = JSON.stringify(scrubbed);
  for (const personal of ['Ирина', 'i.ivanova', 'Принтер', 'принтер', 'HQ'])
    t.false(left.includes(personal), personal);
});

test('names the customer’s key, the ticket’s own without one, the agent’s and the Telegram user’s', (t) => {
  t.is(otrsPersonalSubjectOf('TicketOpened', opened.data), subjectId);
  t.is(otrsPersonalSubjectOf('TicketOpened', { ...opened.data, subjectId: null }), 'otrs-ticket-4711');
  t.is(otrsPersonalSubjectOf('OtrsAgentSeen', { agentId: 7 }), 'otrs-agent-7');
  t.is(otrsPersonalSubjectOf('OtrsAgentLinked', { telegramUserId: 1001 }), 'telegram-user-1001');
  t.is(otrsPersonalSubjectOf('TicketStateChanged', { ticketId }), null);
  t.is(otrsPersonalSubjectOf('toString', { ticketId }), null);
});
