import {
  type EscalationKind,
  type EscalationTimes,
  type TicketEvent,
  isClosedStateType,
} from '../../domain/otrs/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { Recorded } from './otrs-event.ts';
import { TICKETS } from './otrs-tables.ts';

/** The columns of each escalation kind: its due time and the level announced for that due time. */
const ESCALATION_COLUMNS: Readonly<Record<EscalationKind, { due: string; announced: string }>> = {
  firstResponse: { due: 'first_response_due', announced: 'first_response_announced' },
  update: { due: 'update_due', announced: 'update_announced' },
  solution: { due: 'solution_due', announced: 'solution_announced' },
};

/**
 * A ticket's row as its stream changes it. Every change event is an update of the row `TicketOpened`
 * inserted (the first event of every ticket's stream); one of a ticket the table lacks updates nothing.
 * Actions (requested, succeeded, failed) change nothing here: OTRS's own change follows as an observation.
 */
export async function applyTicketEvent(
  event: Recorded<TicketEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const tickets = tables.table(TICKETS);
  const { ticketId } = event.data;
  /** `$1` the ticket, `$2` the time of the event, then `values`. */
  const update = (set: string, values: readonly unknown[] = []) =>
    trx.query(`update ${tickets} set ${set}, updated_at = $2 where ticket_id = $1`, [
      ticketId,
      event.at,
      ...values,
    ]);
  /** Also moves `changed`, never back (`$3`): OTRS's time of the change. */
  const change = (set: string, changed: string, values: readonly unknown[] = []) =>
    update(`${set}, changed = greatest(changed, $3::timestamptz)`, [changed, ...values]);
  switch (event.type) {
    case 'TicketOpened': {
      const d = event.data;
      // The log has one `TicketOpened` per stream; a replay of a batch (or a rebuild) writes it again.
      await trx.query(
        `insert into ${tickets} (ticket_id, number, subject_id, title, customer_user_id, customer_id,
           customer_name, queue_id, queue, priority_id, priority, state, state_type, closed, lock, owner_id,
           responsible_id, created, changed, first_response_due, update_due, solution_due, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
           $21, $22, $23)
         on conflict (ticket_id) do nothing`,
        [
          ticketId,
          d.number,
          d.subjectId,
          d.title,
          d.customer?.userId ?? null,
          d.customer?.customerId ?? null,
          d.customer?.name ?? null,
          d.queue.id,
          d.queue.name,
          d.priority.id,
          d.priority.name,
          d.state.state,
          d.state.stateType,
          isClosedStateType(d.state.stateType),
          d.lock,
          d.ownerId,
          d.responsibleId,
          d.created,
          d.changed,
          d.escalations.firstResponse,
          d.escalations.update,
          d.escalations.solution,
          event.at,
        ],
      );
      return;
    }
    case 'TicketTitleChanged':
      await change('subject_id = $4, title = $5', event.data.changed, [
        event.data.subjectId,
        event.data.title,
      ]);
      return;
    case 'TicketCustomerChanged': {
      const { customer, subjectId } = event.data;
      await change(
        'subject_id = $4, customer_user_id = $5, customer_id = $6, customer_name = $7',
        event.data.changed,
        [subjectId, customer?.userId ?? null, customer?.customerId ?? null, customer?.name ?? null],
      );
      return;
    }
    case 'TicketStateChanged': {
      const { to } = event.data;
      await change('state = $4, state_type = $5, closed = $6', event.data.changed, [
        to.state,
        to.stateType,
        isClosedStateType(to.stateType),
      ]);
      return;
    }
    case 'TicketQueueChanged':
      await change('queue_id = $4, queue = $5', event.data.changed, [event.data.to.id, event.data.to.name]);
      return;
    case 'TicketPriorityChanged':
      await change('priority_id = $4, priority = $5', event.data.changed, [
        event.data.to.id,
        event.data.to.name,
      ]);
      return;
    case 'TicketOwnerChanged':
      await change('owner_id = $4', event.data.changed, [event.data.to]);
      return;
    case 'TicketResponsibleChanged':
      await change('responsible_id = $4', event.data.changed, [event.data.to]);
      return;
    case 'TicketLockChanged':
      await change('lock = $4', event.data.changed, [event.data.to]);
      return;
    case 'TicketArticleAdded': {
      const d = event.data;
      await change(
        `article_id = $4, article_sender = $5, article_visible_for_customer = $6, article_excerpt = $7,
         excerpt_subject_id = $8, article_at = $3`,
        d.changed,
        [d.articleId, d.senderType, d.visibleForCustomer, d.excerpt, d.subjectId],
      );
      return;
    }
    case 'TicketEscalationTimesChanged':
      await change(escalationTimesSet(), event.data.changed, dueValues(event.data.to));
      return;
    case 'TicketTouched':
      await change('ticket_id = ticket_id', event.data.changed);
      return;
    case 'TicketEscalationNear':
    case 'TicketEscalated': {
      const level = event.type === 'TicketEscalated' ? 'escalated' : 'near';
      const { kind, deadline } = event.data;
      const columns = ESCALATION_COLUMNS[kind];
      await update(
        `announced = jsonb_set(
           case when announced ? $3::text then announced
             else announced || jsonb_build_object($3::text, '{}'::jsonb) end,
           array[$3::text, $4::text], to_jsonb($5::text)),
         ${columns.announced} = case when ${columns.due} = $4::text::timestamptz then $5::text
           else ${columns.announced} end`,
        [kind, deadline, level],
      );
      return;
    }
    case 'TicketActionRequested':
    case 'TicketActionSucceeded':
    case 'TicketActionFailed':
      return;
    default:
      assertNever(event);
  }
}

/** The due times as `$4`, `$5`, `$6` (first response, update, solution). */
const dueValues = (to: EscalationTimes): unknown[] => [to.firstResponse, to.update, to.solution];

/** Sets each due time and, for it, the level already announced of that very due time (if any). */
function escalationTimesSet(): string {
  const kinds: readonly EscalationKind[] = ['firstResponse', 'update', 'solution'];
  return kinds
    .map((kind, index) => {
      const { due, announced } = ESCALATION_COLUMNS[kind];
      const value = `$${index + 4}`;
      return `${due} = ${value}::text::timestamptz, ${announced} = announced -> '${kind}' ->> ${value}::text`;
    })
    .join(', ');
}
