import { NO_RECIPIENT_CHAT } from '../../application/notifications/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import { isClosedStateType } from '../../domain/otrs/index.ts';
import { cardAgents } from './otrs-notice-directory.ts';
import { OTRS_CARDS, OTRS_NOTICES } from './otrs-notice-tables.ts';
import type { NoticeTicket } from './otrs-notice-tickets.ts';
import {
  OTRS_TICKET_CARD_KIND,
  OTRS_UNROUTED_KIND,
  type OtrsUnroutedParams,
  type TicketCardParams,
} from './otrs-ticket-card.ts';
import type { ReactorMessage } from './outbox-writes.ts';

/** One card the reactor sent (`OTRS_CARDS`): its key is the dedupe key of the row that sent it. */
export interface CardRow {
  readonly message_key: string;
  readonly chat_id: string;
  readonly thread_id: string | null;
  readonly personal: boolean;
}

/** Where one card goes: a chat (and topic), or an agent's private chat. */
export interface CardPlace {
  readonly chatId: number;
  readonly threadId: number | null;
  readonly personal: boolean;
}

export const samePlace = (card: CardRow, place: CardPlace): boolean =>
  Number(card.chat_id) === place.chatId &&
  (card.thread_id === null ? null : Number(card.thread_id)) === place.threadId;

export async function cardsOf(
  ticketId: number,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<CardRow[]> {
  const { rows } = await trx.query<CardRow>(
    `select message_key, chat_id, thread_id, personal from ${tables.table(OTRS_CARDS)}
     where ticket_id = $1 order by seq`,
    [ticketId],
  );
  return rows;
}

const customerText = (ticket: NoticeTicket): string | null => {
  const customer = ticket.customer;
  if (customer === null) return null;
  const who = customer.name ?? customer.userId;
  return customer.customerId === null ? who : `${who} (${customer.customerId})`;
};

/** The card of `ticket` as it is now, its owner named by login and linked Telegram user. */
export async function cardParams(
  ticket: NoticeTicket,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<TicketCardParams> {
  const owner =
    ticket.ownerId === null
      ? null
      : ((await cardAgents([ticket.ownerId], trx, tables)).get(ticket.ownerId) ?? null);
  return {
    ticketId: ticket.ticketId,
    number: ticket.number,
    title: ticket.title,
    queue: ticket.queue.name,
    priority: ticket.priority.name,
    customer: customerText(ticket),
    excerpt: ticket.excerpt,
    state: ticket.state.state,
    closed: isClosedStateType(ticket.state.stateType),
    locked: ticket.lock !== 'unlock',
    owner,
  };
}

const row = (
  recorded: RecordedEvent,
  dedupeKey: string,
  place: { chatId: number; threadId: number | null },
  params: TicketCardParams,
  edits: string | null,
): ReactorMessage => ({
  dedupeKey,
  reactor: OTRS_NOTICES,
  kind: OTRS_TICKET_CARD_KIND,
  chatId: place.chatId,
  threadId: place.threadId,
  params: params as unknown as Record<string, unknown>,
  edits,
  recordedAt: recorded.recordedAt,
});

/** A new card of the ticket in `place`, kept so that later changes edit it. */
export async function newCard(
  recorded: RecordedEvent,
  ticketId: number,
  place: CardPlace,
  params: TicketCardParams,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage> {
  const key = `${recorded.eventId}:otrs:card:${place.chatId}:${place.threadId ?? ''}`;
  await trx.query(
    `insert into ${tables.table(OTRS_CARDS)} (message_key, ticket_id, chat_id, thread_id, personal)
     values ($1, $2, $3, $4, $5) on conflict (message_key) do nothing`,
    [key, ticketId, place.chatId, place.threadId, place.personal],
  );
  return row(recorded, key, place, params, null);
}

/** The edit of `card` to show the ticket as `params` say (in the card's own chat: Telegram edits no other). */
export const editCard = (recorded: RecordedEvent, card: CardRow, params: TicketCardParams): ReactorMessage =>
  row(
    recorded,
    `${recorded.eventId}:otrs:edit:${card.message_key}`,
    { chatId: Number(card.chat_id), threadId: card.thread_id === null ? null : Number(card.thread_id) },
    params,
    card.message_key,
  );

/** A new ticket no rule routes: a row for nobody, which the sender logs and counts once (ids only). */
export const unroutedCard = (recorded: RecordedEvent, ticket: NoticeTicket): ReactorMessage => {
  const params: OtrsUnroutedParams = {
    ticketId: ticket.ticketId,
    queue: ticket.queue.name,
    priorityId: ticket.priority.id,
  };
  return {
    dedupeKey: `${recorded.eventId}:otrs:unrouted`,
    reactor: OTRS_NOTICES,
    kind: OTRS_UNROUTED_KIND,
    chatId: NO_RECIPIENT_CHAT,
    threadId: null,
    params: params as unknown as Record<string, unknown>,
    recordedAt: recorded.recordedAt,
  };
};
