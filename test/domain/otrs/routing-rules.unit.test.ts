import test from 'ava';
import {
  MAX_ROUTING_RULES,
  type OtrsRoutingRule,
  normalizeRoutingRules,
  otrsRoutingDecider,
  queueMatches,
  routableTicket,
  routeTicket,
  ticketDecider,
} from '../../../domain/otrs/index.ts';
import { DomainError, fold } from '../../../domain/shared/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { seen } from './ticket-fixtures.ts';

const printers = { chatId: -1001234567890, messageThreadId: 12 };
const onCall = { chatId: -1009876543210, messageThreadId: null };
const rule = (changes: Partial<OtrsRoutingRule> = {}): OtrsRoutingRule => ({
  queues: ['IT::Printers'],
  minPriority: null,
  maxPriority: null,
  chat: printers,
  owner: false,
  responsible: false,
  ...changes,
});
const rules: OtrsRoutingRule[] = [
  rule({ owner: true }),
  rule({ queues: [], minPriority: 4, chat: onCall, responsible: true }),
  rule({ queues: ['IT::*'], chat: printers }),
];
const ticket = (queue: string, priorityId: number) => ({ queue, priorityId, ownerId: 7, responsibleId: 8 });

test('sends a card to every matching rule’s chat once, and to the owner or responsible where a rule says so', (t) => {
  t.deepEqual(routeTicket(rules, ticket('IT::Printers', 3)), {
    chats: [printers],
    agentIds: [7],
    matched: true,
  });
  t.deepEqual(routeTicket(rules, ticket('IT::Printers', 5)), {
    chats: [printers, onCall],
    agentIds: [7, 8],
    matched: true,
  });
  t.deepEqual(routeTicket(rules, ticket('IT', 3)), { chats: [printers], agentIds: [], matched: true });
  t.deepEqual(routeTicket(rules, ticket('Junk', 3)), { chats: [], agentIds: [], matched: false });
  t.deepEqual(routeTicket(rules, { ...ticket('Junk', 4), responsibleId: null }), {
    chats: [onCall],
    agentIds: [],
    matched: true,
  });
});

test('matches a queue exactly, or it and those under it with ::*', (t) => {
  t.true(queueMatches('IT::*', 'IT'));
  t.true(queueMatches('IT::*', 'IT::Servers::DB'));
  t.false(queueMatches('IT::*', 'ITSM'));
  t.false(queueMatches('IT', 'IT::Servers'));
  t.true(queueMatches('IT', 'IT'));
});

test('keeps rules trimmed, their queues without repeats', (t) => {
  t.deepEqual(normalizeRoutingRules([rule({ queues: [' IT::Printers ', 'IT::Printers'] })]), [rule()]);
});

const refusal = (input: readonly OtrsRoutingRule[]) => t_code(() => normalizeRoutingRules(input));
function t_code(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError
      ? `${error.code} ${String(error.context.field)}`
      : 'not a DomainError';
  }
}

test('refuses bad chat ids, topics, priorities, queues and a rule that tells nobody, naming the field', (t) => {
  t.is(
    refusal([rule({ chat: { chatId: 0, messageThreadId: null } })]),
    'OTRS_ROUTING.INVALID_RULE rules.0.chat.chatId',
  );
  t.is(
    refusal([rule({ chat: { chatId: 1.5, messageThreadId: null } })]),
    'OTRS_ROUTING.INVALID_RULE rules.0.chat.chatId',
  );
  t.is(
    refusal([rule(), rule({ chat: { chatId: -100, messageThreadId: 0 } })]),
    'OTRS_ROUTING.INVALID_RULE rules.1.chat.messageThreadId',
  );
  t.is(refusal([rule({ minPriority: 0 })]), 'OTRS_ROUTING.INVALID_RULE rules.0.minPriority');
  t.is(refusal([rule({ minPriority: 4, maxPriority: 2 })]), 'OTRS_ROUTING.INVALID_RULE rules.0.maxPriority');
  t.is(refusal([rule({ queues: ['IT', 'a\u0000'] })]), 'OTRS_ROUTING.INVALID_RULE rules.0.queues.1');
  t.is(
    refusal([rule({ queues: Array.from({ length: 51 }, (_, i) => `q${i}`) })]),
    'OTRS_ROUTING.INVALID_RULE rules.0.queues',
  );
  t.is(refusal([rule({ chat: null })]), 'OTRS_ROUTING.INVALID_RULE rules.0.chat');
  t.is(
    refusal(Array.from({ length: MAX_ROUTING_RULES + 1 }, () => rule())),
    'OTRS_ROUTING.TOO_MANY_RULES rules',
  );
  t.is(refusal([rule({ chat: null, owner: true })]), undefined);
});

const spec = deciderSpec(otrsRoutingDecider);
const set = (input: readonly OtrsRoutingRule[]) => ({
  type: 'SetOtrsRoutingRules' as const,
  data: { rules: input },
  metadata,
});

test('sets the rules as a whole, with the actor in the metadata, and the same rules again record nothing', (t) => {
  const recorded = { type: 'OtrsRoutingRulesSet' as const, data: { rules } };
  spec(t).given([]).when(set(rules)).then([recorded]);
  spec(t).given([recorded]).when(set(rules)).then([]);
  spec(t)
    .given([recorded])
    .when(set([]))
    .then([{ type: 'OtrsRoutingRulesSet', data: { rules: [] } }]);
  spec(t).given([]).when(set([])).then([]);
  spec(t)
    .given([])
    .when(set([rule({ minPriority: -1 })]))
    .thenThrows('OTRS_ROUTING.INVALID_RULE');
});

test('the same rules read back from the log with their keys in another order record nothing', (t) => {
  // jsonb gives the keys back in its own order, not the order they were written in.
  const reordered = JSON.parse(
    JSON.stringify(rules, (_key, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    ),
  ) as OtrsRoutingRule[];
  t.notDeepEqual(Object.keys(reordered[0] ?? {}), Object.keys(rules[0] ?? {}));
  spec(t)
    .given([{ type: 'OtrsRoutingRulesSet', data: { rules: reordered } }])
    .when(set(rules))
    .then([]);
});

test('routes a ticket as its stream knows it', (t) => {
  const state = fold(ticketDecider, seen);
  if (state.status !== 'known') return t.fail();
  t.deepEqual(routableTicket(state.ticket), {
    queue: 'IT::Printers',
    priorityId: 3,
    ownerId: null,
    responsibleId: null,
  });
  t.deepEqual(routeTicket(rules, routableTicket(state.ticket)), {
    chats: [printers],
    agentIds: [],
    matched: true,
  });
});
