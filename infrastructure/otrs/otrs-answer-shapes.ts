import { z } from 'zod';

/*
 * The answers of GenericTicketConnectorREST, as Znuny's operations build them. Perl has no number type of its
 * own in JSON: an id comes as "123" or 123 depending on how OTRS got it, so every id accepts both. Fields
 * TBot does not read are let through unchecked.
 */

/** A positive id, as a string or a number. */
export const otrsId = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .transform(Number),
]);

/** An id where OTRS writes 0 or "" for none (an article id of a history line without an article). */
export const optionalOtrsId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{0,16}$/), z.null()])
  .optional()
  .transform((value) =>
    value === undefined || value === null || value === '' || Number(value) === 0 ? null : Number(value),
  );

/** OTRS's text fields, which may be missing or null in a ticket without them. */
const text = z
  .union([z.string(), z.number().transform(String), z.null()])
  .optional()
  .transform((v) => v ?? '');

/** A unix time in seconds ("0" or 0 when there is none), as OTRS gives escalation times. */
const unixSeconds = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d{1,12}$/)
      .transform(Number),
    z.null(),
  ])
  .optional()
  .transform((v) => (v === undefined || v === null || v <= 0 ? null : new Date(v * 1000)));

export const sessionAnswer = z.object({ SessionID: z.string().min(1).max(200) });

/** `{}` when nothing matches; one id may come as a lone value instead of a list. */
export const searchAnswer = z.object({
  TicketID: z.union([z.array(otrsId), otrsId.transform((id) => [id])]).optional(),
});

export const articleShape = z.object({
  ArticleID: otrsId,
  From: text,
  Subject: text,
  Body: text,
  SenderType: text,
  IsVisibleForCustomer: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  ContentType: text,
  CreateTime: z.string(),
});

export const ticketShape = z.object({
  TicketID: otrsId,
  TicketNumber: z.union([z.string().min(1), z.number().transform(String)]),
  Title: text,
  State: z.string(),
  StateType: z.string(),
  Queue: z.string(),
  QueueID: otrsId,
  Priority: z.string(),
  PriorityID: otrsId,
  Lock: text,
  Owner: z.string(),
  OwnerID: otrsId,
  Responsible: text,
  ResponsibleID: optionalOtrsId,
  CustomerUserID: text,
  Created: z.string(),
  Changed: z.string(),
  EscalationResponseTime: unixSeconds,
  EscalationUpdateTime: unixSeconds,
  EscalationSolutionTime: unixSeconds,
  Article: z.union([z.array(articleShape), articleShape.transform((a) => [a])]).optional(),
});

export const ticketGetAnswer = z.object({
  Ticket: z.union([z.array(ticketShape), ticketShape.transform((t) => [t])]),
});

export const updateAnswer = z.object({
  TicketID: otrsId,
  TicketNumber: z.union([z.string().min(1), z.number().transform(String)]),
  ArticleID: optionalOtrsId,
});

export const historyLineShape = z.object({
  TicketID: otrsId,
  HistoryType: z.string(),
  Name: text,
  ArticleID: optionalOtrsId,
  CreateBy: otrsId,
  CreateTime: z.string(),
  QueueID: optionalOtrsId,
  OwnerID: optionalOtrsId,
  PriorityID: optionalOtrsId,
  StateID: optionalOtrsId,
});

export const historyAnswer = z.object({
  TicketHistory: z.array(z.object({ TicketID: otrsId, History: z.array(historyLineShape) })),
});

/** An operation error: HTTP 200 with this body. */
export const errorAnswer = z.object({
  Error: z.object({ ErrorCode: z.unknown().optional(), ErrorMessage: z.unknown().optional() }),
});
