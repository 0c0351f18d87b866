import type { TicketCommand, TicketEvent, TicketOpened, TicketSnapshot } from '../../../domain/otrs/index.ts';
import type { EventMetadata } from '../../../domain/shared/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';

export const ticketId = 4711;
export const subjectId = 'otrs-customer-k1';
/** "Now" of the commands: the escalations below are due well after it unless a test moves it. */
export const now = '2026-12-03T10:00:00.000Z';
export const metadata: EventMetadata = { ...testMetadata, occurredAt: now };
export const metadataAt = (occurredAt: string): EventMetadata => ({ ...testMetadata, occurredAt });

/** A new ticket as OTRS reports it, changed at 09:00; `changes` override its fields. */
export function snapshot(changes: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    ticketId,
    number: '2026120310000017',
    title: 'Не печатает принтер в 214',
    state: 'new',
    stateType: 'new',
    queue: { id: 3, name: 'IT::Printers' },
    priority: { id: 3, name: '3 normal' },
    lock: 'unlock',
    ownerId: null,
    responsibleId: null,
    customer: { userId: 'i.ivanova', customerId: 'HQ', name: 'Ирина Иванова' },
    created: '2026-12-03T08:55:00.000Z',
    changed: '2026-12-03T09:00:00.000Z',
    escalations: {
      firstResponse: '2026-12-03T12:00:00.000Z',
      update: null,
      solution: '2026-12-04T09:00:00.000Z',
    },
    latestArticle: {
      articleId: 900,
      senderType: 'customer',
      visibleForCustomer: true,
      excerpt: 'Добрый день!\nПринтер не печатает.',
    },
    personalSubject: subjectId,
    ...changes,
  };
}

export const observe = (snap: TicketSnapshot, at = metadata, warnBeforeSeconds = 1800): TicketCommand => ({
  type: 'RecordTicketObservation',
  data: { snapshot: snap, warnBeforeSeconds },
  metadata: at,
});

export const opened: TicketOpened = {
  type: 'TicketOpened',
  data: {
    ticketId,
    number: '2026120310000017',
    subjectId,
    title: 'Не печатает принтер в 214',
    customer: { userId: 'i.ivanova', customerId: 'HQ', name: 'Ирина Иванова' },
    state: { state: 'new', stateType: 'new' },
    queue: { id: 3, name: 'IT::Printers' },
    priority: { id: 3, name: '3 normal' },
    lock: 'unlock',
    ownerId: null,
    responsibleId: null,
    created: '2026-12-03T08:55:00.000Z',
    changed: '2026-12-03T09:00:00.000Z',
    escalations: {
      firstResponse: '2026-12-03T12:00:00.000Z',
      update: null,
      solution: '2026-12-04T09:00:00.000Z',
    },
  },
};

export const firstArticle: TicketEvent = {
  type: 'TicketArticleAdded',
  data: {
    ticketId,
    articleId: 900,
    subjectId,
    senderType: 'customer',
    visibleForCustomer: true,
    excerpt: 'Добрый день!\nПринтер не печатает.',
    changed: '2026-12-03T09:00:00.000Z',
  },
};

/** The stream after the first observation of {@link snapshot}. */
export const seen: readonly TicketEvent[] = [opened, firstArticle];
