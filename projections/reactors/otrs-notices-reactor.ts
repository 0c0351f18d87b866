import type {
  Projector,
  ProjectionTables,
  ProjectionTransaction,
} from '../../application/ports/projector.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import {
  type TicketObservedEvent,
  type TicketEscalationEvent,
  isClosedStateType,
} from '../../domain/otrs/index.ts';
import { escalationNotices } from './otrs-escalation-notices.ts';
import {
  OTRS_DIRECTORY_EVENT_TYPES,
  type OtrsDirectoryEvent,
  cardDestinations,
  isOtrsDirectoryEvent,
  keepOtrsDirectory,
  linkedUsersOf,
  retireCards,
} from './otrs-notice-directory.ts';
import {
  OTRS_FORGETTING_EVENT_TYPES,
  isForgettingEvent,
  scrubForgottenNotices,
} from './otrs-notice-forgetting.ts';
import {
  OTRS_NOTICES,
  OTRS_NOTICE_TABLES,
  OTRS_RULES,
  createOtrsNoticeIndexes,
  createOtrsNoticeTables,
} from './otrs-notice-tables.ts';
import { type NoticeTicket, keepTicket, routable } from './otrs-notice-tickets.ts';
import {
  type CardPlace,
  type CardRow,
  cardParams,
  cardsOf,
  editCard,
  newCard,
  samePlace,
  unroutedCard,
} from './otrs-ticket-cards.ts';
import { type ReactorMessage, isNewsAfter, rebuildStartLine, writeOutbox } from './outbox-writes.ts';

type CardEvent = Exclude<TicketObservedEvent, { type: 'TicketTouched' | 'TicketEscalationTimesChanged' }>;

const CARD_EVENT_TYPES: readonly CardEvent['type'][] = [
  'TicketOpened',
  'TicketTitleChanged',
  'TicketCustomerChanged',
  'TicketStateChanged',
  'TicketQueueChanged',
  'TicketPriorityChanged',
  'TicketOwnerChanged',
  'TicketResponsibleChanged',
  'TicketLockChanged',
  'TicketArticleAdded',
];

const ESCALATION_EVENT_TYPES: readonly TicketEscalationEvent['type'][] = [
  'TicketEscalationNear',
  'TicketEscalated',
];

/** The changes after which a ticket may belong somewhere it has no card yet. */
const ROUTING_CHANGES: ReadonlySet<string> = new Set([
  'TicketOpened',
  'TicketQueueChanged',
  'TicketPriorityChanged',
  'TicketOwnerChanged',
  'TicketResponsibleChanged',
  'TicketStateChanged',
]);

/**
 * The notification reactor of OTRS tickets (#16). A new ticket that is not closed becomes a card in each chat
 * (forum topic) its routing rules name, by queue and priority, and in the private chat of its owner or
 * responsible agent when a rule asks for them and they are linked (agent id → login by `OtrsAgentSeen` →
 * Telegram user by `OtrsAgentLinked`). Every later change the card shows (taken, closed, moved, a new
 * article) edits every card of the ticket; a change after which a rule routes it somewhere it has no card
 * (a queue routed elsewhere, a new owner) sends a new card there. Escalations near or past due are told once
 * each (`escalation-notices.ts`). Its effect is outbox rows written with its checkpoint; the sender renders
 * them. It keeps the rules, agents, links, tickets and cards itself (no read model of another branch), so a
 * replay decides the same.
 */
export const otrsNoticesReactor: Projector = {
  name: OTRS_NOTICES,
  // Still 1: the reactor has never been released. A bump rebuilds it on upgrade, which is safe now: a rebuild
  // tells only what comes after the live reactor's checkpoint (`rebuildStartLine`, review 2 S2 and S3).
  version: 1,
  schema: 'notifications',
  tables: OTRS_NOTICE_TABLES,
  eventTypes: [
    ...OTRS_DIRECTORY_EVENT_TYPES,
    ...CARD_EVENT_TYPES,
    ...ESCALATION_EVENT_TYPES,
    ...OTRS_FORGETTING_EVENT_TYPES,
  ],

  createTables: createOtrsNoticeTables,
  createIndexes: createOtrsNoticeIndexes,

  async apply(events, trx, tables) {
    // Each event's rows are keyed by that event and hold the card as it is after it, and nothing is folded
    // across events: the same events write the same rows however they are batched, so a replay or a rebuild's
    // tail never sends a card's older state after a newer one (review S3). A rebuild tells nothing the live
    // reactor has applied.
    const line = await rebuildStartLine(trx, OTRS_NOTICES, tables, OTRS_RULES);
    let messages: ReactorMessage[] = [];
    for (const recorded of events) {
      if (isForgettingEvent(recorded)) {
        // What the batch decided before the forget goes in first, so that the forget scrubs it too.
        await writeOutbox(trx, messages);
        messages = [];
      }
      const told = await applyOne(recorded, trx, tables);
      if (isNewsAfter(line, recorded)) messages.push(...told);
    }
    await writeOutbox(trx, messages);
  },
};

async function applyOne(
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage[]> {
  if (isForgettingEvent(recorded)) {
    await scrubForgottenNotices(recorded, trx, tables);
    return [];
  }
  // The subscription delivers only the types listed above.
  const event = { type: recorded.type, data: recorded.data } as
    OtrsDirectoryEvent | CardEvent | TicketEscalationEvent;
  if (isOtrsDirectoryEvent(event)) {
    await keepOtrsDirectory(event, trx, tables);
    return [];
  }
  if (event.type === 'TicketEscalationNear' || event.type === 'TicketEscalated') {
    return escalationNotices(recorded, event, trx, tables);
  }
  const { before, after } = await keepTicket(event, trx, tables);
  if (after === null) return [];
  const reroute =
    ROUTING_CHANGES.has(event.type) &&
    // A state change routes only a ticket reopened: any other leaves it where it is.
    (event.type !== 'TicketStateChanged' || (before !== null && isClosedStateType(before.state.stateType)));
  return ticketChanged(recorded, before, after, reroute, trx, tables);
}

/**
 * The ticket's cards that may still be edited. A card in an agent's private chat is theirs only while they are
 * linked and own the ticket or are responsible for it: once not, it is retired (never edited again, so what
 * the ticket says next does not reach them); a rule that names them again sends a new one.
 */
async function currentCards(
  ticket: NoticeTicket,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<CardRow[]> {
  const cards = await cardsOf(ticket.ticketId, trx, tables);
  if (!cards.some((card) => card.personal)) return cards;
  const holders = await linkedUsersOf([ticket.ownerId, ticket.responsibleId], trx, tables);
  const gone = cards.filter((card) => card.personal && !holders.has(Number(card.chat_id)));
  await retireCards(
    gone.map((card) => card.message_key),
    trx,
    tables,
  );
  return cards.filter((card) => !gone.includes(card));
}

async function ticketChanged(
  recorded: RecordedEvent,
  before: NoticeTicket | null,
  after: NoticeTicket,
  reroute: boolean,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage[]> {
  const cards = await currentCards(after, trx, tables);
  const params = await cardParams(after, trx, tables);
  const messages: ReactorMessage[] = [];
  const shows = before === null ? null : JSON.stringify(await cardParams(before, trx, tables));
  if (shows !== JSON.stringify(params)) {
    for (const card of cards) messages.push(editCard(recorded, card, params));
  }
  if (!reroute || params.closed) return messages;
  const destinations = await cardDestinations(routable(after), trx, tables);
  const places: CardPlace[] = [
    ...destinations.chats.map((chat) => ({
      chatId: chat.chatId,
      threadId: chat.messageThreadId,
      personal: false,
    })),
    ...destinations.people.map((person) => ({ chatId: person, threadId: null, personal: true })),
  ];
  for (const place of places) {
    if (cards.some((card) => samePlace(card, place))) continue;
    messages.push(await newCard(recorded, after.ticketId, place, params, trx, tables));
  }
  if (before === null && !destinations.matched) messages.push(unroutedCard(recorded, after));
  return messages;
}
