import { DomainError } from '../shared/index.ts';
import { externalLines, externalText } from './otrs-text.ts';

/** OTRS's three escalation clocks of a ticket. */
export type EscalationKind = 'firstResponse' | 'update' | 'solution';
export const ESCALATION_KINDS: readonly EscalationKind[] = ['firstResponse', 'update', 'solution'];

/** When each escalation is due (ISO-8601 UTC), `null` where OTRS sets none (its `0`). */
export type EscalationTimes = { readonly [K in EscalationKind]: string | null };

/** A queue or a priority as OTRS names it: its id and its name at the time. */
export interface OtrsNamedRef {
  readonly id: number;
  readonly name: string;
}

export type TicketLock = 'lock' | 'unlock' | 'tmp_lock';

/** The customer of a ticket: personal data, encrypted with the ticket's subject. */
export interface TicketCustomer {
  /** OTRS `CustomerUserID` (often a login or an e-mail address). */
  readonly userId: string;
  /** OTRS `CustomerID` (the company). */
  readonly customerId: string | null;
  readonly name: string | null;
}

/** The latest article as OTRS reports it; `excerpt` only when the article was read (articles are on demand). */
export interface ArticleSnapshot {
  readonly articleId: number;
  readonly senderType: 'agent' | 'customer' | 'system';
  readonly visibleForCustomer: boolean;
  readonly excerpt: string | null;
}

/**
 * A ticket as OTRS reported it at one moment (TicketGet, from the webhook or the poller), with the times
 * already in UTC (OTRS answers its server's local time; the client converts). Agents are named by OTRS
 * `UserID`, not login. `personalSubject`: whose key the ticket's text is encrypted with (see
 * `personal-subjects.ts`), or `null` when that person is forgotten: the title, the customer and the excerpt
 * are then not recorded at all.
 */
export interface TicketSnapshot {
  readonly ticketId: number;
  readonly number: string;
  readonly title: string | null;
  readonly state: string;
  /** OTRS's state type: `new`, `open`, `closed`, `pending reminder`, `pending auto`, `removed`, `merged`. */
  readonly stateType: string;
  readonly queue: OtrsNamedRef;
  readonly priority: OtrsNamedRef;
  readonly lock: TicketLock;
  readonly ownerId: number | null;
  readonly responsibleId: number | null;
  readonly customer: TicketCustomer | null;
  readonly created: string;
  readonly changed: string;
  /**
   * `changed` is a wall-clock time OTRS's zone has twice (the hour repeated at the end of summer time), read as
   * its earlier instant: the change may be up to an hour later (`changeEvents`).
   */
  readonly changedAmbiguous?: boolean;
  readonly escalations: EscalationTimes;
  readonly latestArticle: ArticleSnapshot | null;
  readonly personalSubject: string | null;
}

/** The state types in which a ticket is done with: no action but a note, no escalation. */
const CLOSED_STATE_TYPES: ReadonlySet<string> = new Set(['closed', 'removed', 'merged']);
export const isClosedStateType = (stateType: string): boolean => CLOSED_STATE_TYPES.has(stateType);

/** How long each recorded text may be (OTRS's own column sizes where it has them). */
export const TICKET_TEXT_LIMITS = {
  title: 255,
  name: 200,
  customer: 150,
  excerpt: 500,
  excerptLines: 5,
} as const;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const LOCKS: ReadonlySet<string> = new Set<TicketLock>(['lock', 'unlock', 'tmp_lock']);
const SENDERS: ReadonlySet<string> = new Set(['agent', 'customer', 'system']);

const invalid = (field: string, message: string) =>
  new DomainError('OTRS_TICKET.INVALID_OBSERVATION', `${field} ${message}`, { field });

function id(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(field, 'must be a positive whole number');
  return value;
}

function optionalId(value: number | null, field: string): number | null {
  return value === null ? null : id(value, field);
}

function instant(value: string, field: string): string {
  if (!ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value)))
    throw invalid(field, 'must be an ISO-8601 UTC time');
  return new Date(value).toISOString();
}

function name(value: string, field: string): string {
  const text = externalText(value, TICKET_TEXT_LIMITS.name);
  if (text === null) throw invalid(field, 'is required');
  return text;
}

function namedRef(ref: OtrsNamedRef, field: string): OtrsNamedRef {
  return { id: id(ref.id, `${field}.id`), name: name(ref.name, `${field}.name`) };
}

function customer(value: TicketCustomer | null): TicketCustomer | null {
  if (value === null) return null;
  const userId = externalText(value.userId, TICKET_TEXT_LIMITS.customer);
  if (userId === null) return null;
  return {
    userId,
    customerId: externalText(value.customerId, TICKET_TEXT_LIMITS.customer),
    name: externalText(value.name, TICKET_TEXT_LIMITS.name),
  };
}

function article(value: ArticleSnapshot | null, personal: boolean): ArticleSnapshot | null {
  if (value === null) return null;
  if (!SENDERS.has(value.senderType))
    throw invalid('latestArticle.senderType', 'is not agent, customer or system');
  const { excerpt: limit, excerptLines } = TICKET_TEXT_LIMITS;
  return {
    articleId: id(value.articleId, 'latestArticle.articleId'),
    senderType: value.senderType,
    visibleForCustomer: value.visibleForCustomer === true,
    excerpt: personal ? externalLines(value.excerpt, limit, excerptLines) : null,
  };
}

/**
 * Checks a snapshot's shape (ids, times, lock) and refuses it with `OTRS_TICKET.INVALID_OBSERVATION`; cleans
 * its texts (control characters blanked, cut to {@link TICKET_TEXT_LIMITS}), since OTRS's texts are facts to
 * record, not input to refuse. Without a `personalSubject` the personal texts are dropped.
 */
export function normalizeTicketSnapshot(snapshot: TicketSnapshot): TicketSnapshot {
  if (!/^\d{1,50}$/.test(snapshot.number)) throw invalid('number', 'must be digits');
  if (!LOCKS.has(snapshot.lock)) throw invalid('lock', 'must be lock, unlock or tmp_lock');
  const subject = snapshot.personalSubject === null ? null : externalText(snapshot.personalSubject, 200);
  const personal = subject !== null;
  const escalations = {} as Record<EscalationKind, string | null>;
  for (const kind of ESCALATION_KINDS) {
    const at = snapshot.escalations[kind];
    escalations[kind] = at === null ? null : instant(at, `escalations.${kind}`);
  }
  return {
    ticketId: id(snapshot.ticketId, 'ticketId'),
    number: snapshot.number,
    title: personal ? externalText(snapshot.title, TICKET_TEXT_LIMITS.title) : null,
    state: name(snapshot.state, 'state'),
    stateType: name(snapshot.stateType, 'stateType').toLowerCase(),
    queue: namedRef(snapshot.queue, 'queue'),
    priority: namedRef(snapshot.priority, 'priority'),
    lock: snapshot.lock,
    ownerId: optionalId(snapshot.ownerId, 'ownerId'),
    responsibleId: optionalId(snapshot.responsibleId, 'responsibleId'),
    customer: personal ? customer(snapshot.customer) : null,
    created: instant(snapshot.created, 'created'),
    changed: instant(snapshot.changed, 'changed'),
    ...(snapshot.changedAmbiguous === true ? { changedAmbiguous: true } : {}),
    escalations,
    latestArticle: article(snapshot.latestArticle, personal),
    personalSubject: subject,
  };
}
