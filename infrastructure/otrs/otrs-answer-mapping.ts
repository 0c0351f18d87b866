import type { z } from 'zod';
import type { OtrsArticle, OtrsHistoryEntry, OtrsTicket } from '../../application/ports/otrs.ts';
import type { articleShape, historyLineShape, ticketShape } from './otrs-answer-shapes.ts';
import { isRepeatedOtrsTime, parseOtrsTime } from './otrs-local-time.ts';

/** An answer that is JSON but not what the operation answers: OTRS (or what stands in its place) is broken. */
export class OtrsBadAnswerError extends Error {
  override readonly name = 'OtrsBadAnswerError';
}

function instant(text: string, timeZone: string, field: string): Date {
  const at = parseOtrsTime(text, timeZone);
  if (!at) throw new OtrsBadAnswerError(`${field} is not a YYYY-MM-DD HH:MM:SS time`);
  return at;
}

const orNull = (text: string): string | null => (text === '' ? null : text);

export function toArticle(raw: z.output<typeof articleShape>, timeZone: string): OtrsArticle {
  return {
    id: raw.ArticleID,
    from: raw.From,
    subject: raw.Subject,
    body: raw.Body,
    senderType: raw.SenderType,
    visibleForCustomer: ['1', 1, true].includes(raw.IsVisibleForCustomer ?? 0),
    contentType: raw.ContentType,
    createdAt: instant(raw.CreateTime, timeZone, 'Article.CreateTime'),
  };
}

export function toTicket(
  raw: z.output<typeof ticketShape>,
  timeZone: string,
  withArticles: boolean,
): OtrsTicket {
  const ticket: OtrsTicket = {
    id: raw.TicketID,
    number: raw.TicketNumber,
    title: raw.Title,
    state: raw.State,
    stateType: raw.StateType,
    queue: raw.Queue,
    queueId: raw.QueueID,
    priority: raw.Priority,
    priorityId: raw.PriorityID,
    lock: raw.Lock,
    owner: raw.Owner,
    ownerId: raw.OwnerID,
    responsible: orNull(raw.Responsible),
    responsibleId: raw.ResponsibleID,
    customerUserId: orNull(raw.CustomerUserID),
    createdAt: instant(raw.Created, timeZone, 'Ticket.Created'),
    changedAt: instant(raw.Changed, timeZone, 'Ticket.Changed'),
    // In the hour repeated at the end of summer time: it may be later than it reads (`changeEvents`).
    ...(isRepeatedOtrsTime(raw.Changed, timeZone) ? { changedAmbiguous: true } : {}),
    escalation: {
      firstResponseAt: raw.EscalationResponseTime,
      updateAt: raw.EscalationUpdateTime,
      solutionAt: raw.EscalationSolutionTime,
    },
  };
  if (!withArticles) return ticket;
  const articles = (raw.Article ?? []).map((article) => toArticle(article, timeZone));
  // OTRS lists them in its ArticleOrder (ASC by default); the port promises oldest first.
  return {
    ...ticket,
    articles: articles.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id),
  };
}

export function toHistoryEntry(raw: z.output<typeof historyLineShape>, timeZone: string): OtrsHistoryEntry {
  return {
    ticketId: raw.TicketID,
    type: raw.HistoryType,
    name: raw.Name,
    articleId: raw.ArticleID,
    createdBy: raw.CreateBy,
    createdAt: instant(raw.CreateTime, timeZone, 'History.CreateTime'),
    queueId: raw.QueueID,
    ownerId: raw.OwnerID,
    priorityId: raw.PriorityID,
    stateId: raw.StateID,
  };
}
