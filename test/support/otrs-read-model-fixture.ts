import type { NewEvent } from '../../application/ports/index.ts';
import type {
  EscalationTimes,
  OtrsAgentEvent,
  OtrsAgentLinkEvent,
  TicketEvent,
  TicketOpened,
} from '../../domain/otrs/index.ts';
import { testMetadata } from './event-fixtures.ts';

/** Events of the OTRS read model's streams, built directly (the feed is not under test here). */
type AnyOtrsEvent = TicketEvent | OtrsAgentEvent | OtrsAgentLinkEvent | { type: string; data: object };

export const otrsTime = (minute: number, hour = 9): string =>
  `2026-12-04T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;

export const noEscalations: EscalationTimes = { firstResponse: null, update: null, solution: null };

/** A `TicketOpened` of an open ticket in queue `Support`, with its customer, created at 09:00. */
export function ticketOpened(ticketId: number, overrides: Partial<TicketOpened['data']> = {}): TicketOpened {
  return {
    type: 'TicketOpened',
    data: {
      ticketId,
      number: `2026120410000${String(ticketId).padStart(3, '0')}`,
      subjectId: `otrs-customer-key${ticketId}`,
      title: `Printer ${ticketId} is jammed`,
      customer: { userId: `customer${ticketId}@example.com`, customerId: 'ACME', name: 'Ivan Petrov' },
      state: { state: 'new', stateType: 'new' },
      queue: { id: 2, name: 'Support' },
      priority: { id: 3, name: '3 normal' },
      lock: 'unlock',
      ownerId: null,
      responsibleId: null,
      created: otrsTime(0),
      changed: otrsTime(0),
      escalations: noEscalations,
      ...overrides,
    },
  };
}

/** A new event at `occurredAt` (minute of 09:00 by default). */
export const otrsEvent = (event: AnyOtrsEvent, occurredAt: string = otrsTime(0)): NewEvent => ({
  ...event,
  metadata: { ...testMetadata, occurredAt },
});
