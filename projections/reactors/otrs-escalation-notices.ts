import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import type { TicketEscalationEvent } from '../../domain/otrs/index.ts';
import { cardAgents, cardDestinations } from './otrs-notice-directory.ts';
import { OTRS_NOTICES } from './otrs-notice-tables.ts';
import { readTicket, routable } from './otrs-notice-tickets.ts';
import { type CardPlace, cardsOf, samePlace } from './otrs-ticket-cards.ts';
import { type EscalationParams, OTRS_ESCALATION_KIND } from './otrs-ticket-card.ts';
import type { ReactorMessage } from './outbox-writes.ts';

/**
 * An escalation near or past due, told in the chats the ticket's queue routes to and to its owner personally
 * (when linked), as a reply to the ticket's card there when it has one. The dedupe key names the escalation
 * itself (ticket, kind, due time, level) and the place, not the event: a replay, and an escalation recorded
 * twice by two sources, tell nobody twice.
 */
export async function escalationNotices(
  recorded: RecordedEvent,
  event: TicketEscalationEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage[]> {
  const ticket = await readTicket(event.data.ticketId, trx, tables);
  if (ticket === null) return [];
  const escalated = event.type === 'TicketEscalated';
  const destinations = await cardDestinations(routable(ticket), trx, tables);
  const places: CardPlace[] = destinations.chats.map((chat) => ({
    chatId: chat.chatId,
    threadId: chat.messageThreadId,
    personal: false,
  }));
  const owner =
    ticket.ownerId === null
      ? undefined
      : (await cardAgents([ticket.ownerId], trx, tables)).get(ticket.ownerId);
  const people = new Set(destinations.people);
  if (owner?.telegramUserId != null) people.add(owner.telegramUserId);
  for (const person of people) places.push({ chatId: person, threadId: null, personal: true });

  const cards = await cardsOf(ticket.ticketId, trx, tables);
  const { kind, deadline } = event.data;
  const params: EscalationParams = {
    ticketId: ticket.ticketId,
    number: ticket.number,
    title: ticket.title,
    queue: ticket.queue.name,
    kind,
    deadline,
    escalated,
  };
  return places.map((place) => ({
    dedupeKey: `otrs:escalation:${ticket.ticketId}:${kind}:${deadline}:${escalated ? 'past' : 'near'}:${place.chatId}:${place.threadId ?? ''}`,
    reactor: OTRS_NOTICES,
    kind: OTRS_ESCALATION_KIND,
    chatId: place.chatId,
    threadId: place.threadId,
    params: params as unknown as Record<string, unknown>,
    repliesTo: cards.find((card) => samePlace(card, place))?.message_key ?? null,
    recordedAt: recorded.recordedAt,
  }));
}
