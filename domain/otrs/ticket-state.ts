import { assertNever } from '../shared/index.ts';
import type { TicketActionKind } from './ticket-action-events.ts';
import type { TicketEvent } from './ticket-event.ts';
import type { TicketStateRef } from './ticket-events.ts';
import type {
  EscalationKind,
  EscalationTimes,
  OtrsNamedRef,
  TicketCustomer,
  TicketLock,
} from './ticket-snapshot.ts';

/** What TBot knows of a ticket, as far as its events say. */
export interface KnownTicket {
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
  readonly created: string;
  /** The newest OTRS change time recorded: an older snapshot changes nothing. */
  readonly changed: string;
  readonly escalations: EscalationTimes;
  readonly latestArticleId: number | null;
  /**
   * The escalations announced, by kind, newest last (at most {@link MAX_ANNOUNCED_PER_KIND}): their due time
   * and how far (near, then escalated). A due time that moves away and back is still the one escalation.
   */
  readonly announced: { readonly [K in EscalationKind]?: readonly Announced[] };
}

/** How many announced escalations of a kind a ticket remembers (an update escalation moves with each answer). */
export const MAX_ANNOUNCED_PER_KIND = 16;

export interface Announced {
  readonly deadline: string;
  readonly level: 'near' | 'escalated';
}

/** An action asked of the ticket and where it stands. */
export interface ActionRecord {
  readonly kind: TicketActionKind;
  readonly requestedBy: number;
  readonly status: 'pending' | 'succeeded' | 'failed';
}

export type TicketState =
  | { readonly status: 'none' }
  | {
      readonly status: 'known';
      readonly ticket: KnownTicket;
      readonly actions: Readonly<Record<string, ActionRecord>>;
    };

const withTicket = (
  state: TicketState,
  change: (ticket: KnownTicket) => Partial<KnownTicket>,
): TicketState =>
  state.status === 'known' ? { ...state, ticket: { ...state.ticket, ...change(state.ticket) } } : state;

const withAction = (state: TicketState, actionId: string, status: ActionRecord['status']): TicketState => {
  if (state.status !== 'known') return state;
  const action = state.actions[actionId];
  return action ? { ...state, actions: { ...state.actions, [actionId]: { ...action, status } } } : state;
};

/** The ticket's state after `event` (see `ticketDecider`). */
export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  switch (event.type) {
    case 'TicketOpened': {
      const { escalations, ...data } = event.data;
      const ticket: KnownTicket = { ...data, escalations, latestArticleId: null, announced: {} };
      return { status: 'known', ticket, actions: state.status === 'known' ? state.actions : {} };
    }
    case 'TicketTitleChanged':
      return withTicket(state, () => ({ ...event.data }));
    case 'TicketCustomerChanged':
      return withTicket(state, () => ({ ...event.data }));
    case 'TicketStateChanged':
      return withTicket(state, () => ({ state: event.data.to, changed: event.data.changed }));
    case 'TicketQueueChanged':
      return withTicket(state, () => ({ queue: event.data.to, changed: event.data.changed }));
    case 'TicketPriorityChanged':
      return withTicket(state, () => ({ priority: event.data.to, changed: event.data.changed }));
    case 'TicketOwnerChanged':
      return withTicket(state, () => ({ ownerId: event.data.to, changed: event.data.changed }));
    case 'TicketResponsibleChanged':
      return withTicket(state, () => ({ responsibleId: event.data.to, changed: event.data.changed }));
    case 'TicketLockChanged':
      return withTicket(state, () => ({ lock: event.data.to, changed: event.data.changed }));
    case 'TicketArticleAdded':
      return withTicket(state, () => ({
        latestArticleId: event.data.articleId,
        changed: event.data.changed,
      }));
    case 'TicketEscalationTimesChanged':
      return withTicket(state, () => ({ escalations: event.data.to, changed: event.data.changed }));
    case 'TicketTouched':
      return withTicket(state, () => ({ changed: event.data.changed }));
    case 'TicketEscalationNear':
    case 'TicketEscalated': {
      const level: Announced['level'] = event.type === 'TicketEscalated' ? 'escalated' : 'near';
      const { kind, deadline } = event.data;
      return withTicket(state, (ticket) => {
        const others = (ticket.announced[kind] ?? []).filter((known) => known.deadline !== deadline);
        // Typed, since a computed key of a union type would let any value through unchecked.
        const list: readonly Announced[] = [...others, { deadline, level }].slice(-MAX_ANNOUNCED_PER_KIND);
        return { announced: { ...ticket.announced, [kind]: list } };
      });
    }
    case 'TicketActionRequested': {
      if (state.status !== 'known') return state;
      const { actionId, requestedBy, action } = event.data;
      const record: ActionRecord = { kind: action.kind, requestedBy, status: 'pending' };
      return { ...state, actions: { ...state.actions, [actionId]: record } };
    }
    case 'TicketActionSucceeded':
      return withAction(state, event.data.actionId, 'succeeded');
    case 'TicketActionFailed':
      return withAction(state, event.data.actionId, 'failed');
    default:
      return assertNever(event);
  }
}
