import type { TicketObservedEvent, TicketStateRef } from './ticket-events.ts';
import type { KnownTicket } from './ticket-state.ts';
import {
  ESCALATION_KINDS,
  type EscalationTimes,
  type TicketCustomer,
  type TicketSnapshot,
} from './ticket-snapshot.ts';

const sameRef = (a: { id: number; name: string }, b: { id: number; name: string }) =>
  a.id === b.id && a.name === b.name;
const sameState = (a: TicketStateRef, b: TicketStateRef) =>
  a.state === b.state && a.stateType === b.stateType;
const sameCustomer = (a: TicketCustomer | null, b: TicketCustomer | null) =>
  a === b ||
  (a !== null && b !== null && a.userId === b.userId && a.customerId === b.customerId && a.name === b.name);
const sameEscalations = (a: EscalationTimes, b: EscalationTimes) =>
  ESCALATION_KINDS.every((kind) => a[kind] === b[kind]);

/** The events of a ticket TBot sees for the first time: it opened (to TBot), and its latest article. */
export function openedEvents(snapshot: TicketSnapshot): TicketObservedEvent[] {
  const { ticketId, number, title, customer, queue, priority, lock, ownerId, responsibleId } = snapshot;
  const { created, changed, escalations, personalSubject: subjectId } = snapshot;
  const state = { state: snapshot.state, stateType: snapshot.stateType };
  const opened: TicketObservedEvent = {
    type: 'TicketOpened',
    data: {
      ticketId,
      number,
      subjectId,
      title,
      customer,
      state,
      queue,
      priority,
      lock,
      ownerId,
      responsibleId,
      created,
      changed,
      escalations,
    },
  };
  return [opened, ...articleEvents(snapshot, null, changed)];
}

function articleEvents(
  snapshot: TicketSnapshot,
  latestArticleId: number | null,
  changed: string,
): TicketObservedEvent[] {
  const article = snapshot.latestArticle;
  if (article === null || (latestArticleId !== null && article.articleId <= latestArticleId)) return [];
  const { ticketId, personalSubject: subjectId } = snapshot;
  const { articleId, senderType, visibleForCustomer, excerpt } = article;
  return [
    {
      type: 'TicketArticleAdded',
      data: { ticketId, articleId, subjectId, senderType, visibleForCustomer, excerpt, changed },
    },
  ];
}

/** How much later than it reads a change of the hour repeated when clocks go back may be. */
const REPEATED_HOUR_MS = 3_600_000;

/**
 * Whether a snapshot that reads older than the stream may still be newer: OTRS writes local times without a
 * zone, and in the hour repeated at the end of summer time a change of the second pass reads as the first
 * pass's instant, up to an hour before a change it came after (review: DST). Such a snapshot is compared field
 * by field like a newer one, so a real change is recorded and a stale read of the same state records nothing;
 * one whose latest article is older than the stream's is older for sure (OTRS's article ids only grow). A
 * stale read of another state inside that hour may so be recorded: the next look (the same or a later change
 * time) records the ticket as it is again.
 */
function maybeLater(ticket: KnownTicket, snapshot: TicketSnapshot, behindMs: number): boolean {
  if (snapshot.changedAmbiguous !== true || behindMs > REPEATED_HOUR_MS) return false;
  const article = snapshot.latestArticle;
  return !(article !== null && ticket.latestArticleId !== null && article.articleId < ticket.latestArticleId);
}

/**
 * The change events that take `ticket` to `snapshot`: one per field that differs, none for a snapshot older
 * than what the stream has seen (`changed`), and `TicketTouched` for a newer one that differs in nothing TBot
 * records. The same snapshot twice, or the webhook's and the poller's view of one change, gives events once.
 * Personal fields are compared only when the snapshot carries them (its subject is not forgotten).
 */
export function changeEvents(ticket: KnownTicket, snapshot: TicketSnapshot): TicketObservedEvent[] {
  const seen = Date.parse(ticket.changed);
  const at = Date.parse(snapshot.changed);
  if (at < seen && !maybeLater(ticket, snapshot, seen - at)) return [];
  // The stream's change time never goes back: a change of the repeated hour read earlier keeps the latest.
  const changed = at < seen ? ticket.changed : snapshot.changed;
  const { ticketId } = snapshot;
  const events: TicketObservedEvent[] = [];
  const subjectId = snapshot.personalSubject;
  if (subjectId !== null) {
    if (snapshot.title !== ticket.title || subjectId !== ticket.subjectId) {
      events.push({
        type: 'TicketTitleChanged',
        data: { ticketId, subjectId, title: snapshot.title, changed },
      });
    }
    if (!sameCustomer(snapshot.customer, ticket.customer) || subjectId !== ticket.subjectId) {
      const { customer } = snapshot;
      events.push({ type: 'TicketCustomerChanged', data: { ticketId, subjectId, customer, changed } });
    }
  }
  const to = { state: snapshot.state, stateType: snapshot.stateType };
  if (!sameState(ticket.state, to)) {
    events.push({ type: 'TicketStateChanged', data: { ticketId, from: ticket.state, to, changed } });
  }
  if (!sameRef(ticket.queue, snapshot.queue)) {
    events.push({
      type: 'TicketQueueChanged',
      data: { ticketId, from: ticket.queue, to: snapshot.queue, changed },
    });
  }
  if (!sameRef(ticket.priority, snapshot.priority)) {
    const { priority } = snapshot;
    events.push({
      type: 'TicketPriorityChanged',
      data: { ticketId, from: ticket.priority, to: priority, changed },
    });
  }
  if (ticket.ownerId !== snapshot.ownerId) {
    events.push({
      type: 'TicketOwnerChanged',
      data: { ticketId, from: ticket.ownerId, to: snapshot.ownerId, changed },
    });
  }
  if (ticket.responsibleId !== snapshot.responsibleId) {
    const { responsibleId } = snapshot;
    events.push({
      type: 'TicketResponsibleChanged',
      data: { ticketId, from: ticket.responsibleId, to: responsibleId, changed },
    });
  }
  if (ticket.lock !== snapshot.lock) {
    events.push({
      type: 'TicketLockChanged',
      data: { ticketId, from: ticket.lock, to: snapshot.lock, changed },
    });
  }
  if (!sameEscalations(ticket.escalations, snapshot.escalations)) {
    events.push({
      type: 'TicketEscalationTimesChanged',
      data: { ticketId, to: snapshot.escalations, changed },
    });
  }
  events.push(...articleEvents(snapshot, ticket.latestArticleId, changed));
  if (events.length === 0 && at > seen) events.push({ type: 'TicketTouched', data: { ticketId, changed } });
  return events;
}
