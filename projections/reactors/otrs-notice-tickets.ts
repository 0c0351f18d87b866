import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type {
  OtrsNamedRef,
  RoutableTicket,
  TicketCustomer,
  TicketLock,
  TicketObservedEvent,
  TicketStateRef,
} from '../../domain/otrs/index.ts';
import { OTRS_TICKETS } from './otrs-notice-tables.ts';

/** A ticket as the reactor keeps it (`OTRS_TICKETS`): what its cards show and route by. */
export interface NoticeTicket {
  readonly ticketId: number;
  readonly number: string;
  readonly subjectId: string | null;
  readonly title: string | null;
  readonly customer: TicketCustomer | null;
  readonly state: TicketStateRef;
  readonly queue: OtrsNamedRef;
  readonly priority: OtrsNamedRef;
  readonly lock: TicketLock;
  readonly ownerId: number | null;
  readonly responsibleId: number | null;
  readonly excerpt: string | null;
  /** Whose key the excerpt is under (its article's subject). */
  readonly excerptSubjectId: string | null;
  readonly articleId: number | null;
}

interface TicketRow {
  ticket_id: number;
  number: string;
  subject_id: string | null;
  title: string | null;
  customer: TicketCustomer | null;
  state: TicketStateRef;
  queue: OtrsNamedRef;
  priority: OtrsNamedRef;
  lock: TicketLock;
  owner_id: number | null;
  responsible_id: number | null;
  excerpt: string | null;
  excerpt_subject_id: string | null;
  article_id: number | null;
}

export const routable = (ticket: NoticeTicket): RoutableTicket => ({
  queue: ticket.queue.name,
  priorityId: ticket.priority.id,
  ownerId: ticket.ownerId,
  responsibleId: ticket.responsibleId,
});

export async function readTicket(
  ticketId: number,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<NoticeTicket | null> {
  const { rows } = await trx.query<TicketRow>(
    `select * from ${tables.table(OTRS_TICKETS)} where ticket_id = $1`,
    [ticketId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ticketId: row.ticket_id,
    number: row.number,
    subjectId: row.subject_id,
    title: row.title,
    customer: row.customer,
    state: row.state,
    queue: row.queue,
    priority: row.priority,
    lock: row.lock,
    ownerId: row.owner_id,
    responsibleId: row.responsible_id,
    excerpt: row.excerpt,
    excerptSubjectId: row.excerpt_subject_id,
    articleId: row.article_id,
  };
}

async function saveTicket(ticket: NoticeTicket, trx: ProjectionTransaction, tables: ProjectionTables) {
  await trx.query(
    `insert into ${tables.table(OTRS_TICKETS)} (ticket_id, number, subject_id, title, customer, state, queue,
       priority, lock, owner_id, responsible_id, excerpt, excerpt_subject_id, article_id)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14)
     on conflict (ticket_id) do update set number = excluded.number, subject_id = excluded.subject_id,
       title = excluded.title, customer = excluded.customer, state = excluded.state, queue = excluded.queue,
       priority = excluded.priority, lock = excluded.lock, owner_id = excluded.owner_id,
       responsible_id = excluded.responsible_id, excerpt = excluded.excerpt,
       excerpt_subject_id = excluded.excerpt_subject_id, article_id = excluded.article_id`,
    [
      ticket.ticketId,
      ticket.number,
      ticket.subjectId,
      ticket.title,
      JSON.stringify(ticket.customer),
      JSON.stringify(ticket.state),
      JSON.stringify(ticket.queue),
      JSON.stringify(ticket.priority),
      ticket.lock,
      ticket.ownerId,
      ticket.responsibleId,
      ticket.excerpt,
      ticket.excerptSubjectId,
      ticket.articleId,
    ],
  );
}

/** The ticket after `event` (`null`: a change of a ticket the reactor never saw opened, kept nowhere). */
function changed(before: NoticeTicket | null, event: TicketObservedEvent): NoticeTicket | null {
  if (event.type === 'TicketOpened') {
    const { data } = event;
    return {
      ticketId: data.ticketId,
      number: data.number,
      subjectId: data.subjectId,
      title: data.title,
      customer: data.customer,
      state: data.state,
      queue: data.queue,
      priority: data.priority,
      lock: data.lock,
      ownerId: data.ownerId,
      responsibleId: data.responsibleId,
      // A ticket seen again (a rebuild of the feed's view) keeps its latest article.
      excerpt: before?.excerpt ?? null,
      excerptSubjectId: before?.excerptSubjectId ?? null,
      articleId: before?.articleId ?? null,
    };
  }
  if (before === null) return null;
  switch (event.type) {
    case 'TicketTitleChanged':
      return { ...before, title: event.data.title, subjectId: event.data.subjectId };
    case 'TicketCustomerChanged':
      return { ...before, customer: event.data.customer, subjectId: event.data.subjectId };
    case 'TicketStateChanged':
      return { ...before, state: event.data.to };
    case 'TicketQueueChanged':
      return { ...before, queue: event.data.to };
    case 'TicketPriorityChanged':
      return { ...before, priority: event.data.to };
    case 'TicketOwnerChanged':
      return { ...before, ownerId: event.data.to };
    case 'TicketResponsibleChanged':
      return { ...before, responsibleId: event.data.to };
    case 'TicketLockChanged':
      return { ...before, lock: event.data.to };
    case 'TicketArticleAdded':
      return {
        ...before,
        articleId: event.data.articleId,
        excerpt: event.data.excerpt,
        excerptSubjectId: event.data.subjectId,
      };
    case 'TicketEscalationTimesChanged':
    case 'TicketTouched':
      return before;
  }
}

/** Applies a ticket change to the kept ticket; returns it before and after (`after` null: not kept). */
export async function keepTicket(
  event: TicketObservedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<{ before: NoticeTicket | null; after: NoticeTicket | null }> {
  const before = await readTicket(event.data.ticketId, trx, tables);
  const after = changed(before, event);
  if (after !== null && after !== before) await saveTicket(after, trx, tables);
  return { before, after };
}
