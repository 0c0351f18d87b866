/**
 * The mark a note added from Telegram carries in its OTRS subject: the action's id, so that a retried note (the
 * worker died, or OTRS's answer was lost after it wrote the article) is found by the action that wrote it, not
 * by its text (review S6). A text match took an earlier note of the same words for this one and never posted
 * it. The subject is what OTRS keeps of every article whatever its channel and answers in TicketGet; the
 * GenericInterface's TicketUpdate passes no header or MessageID through.
 */
export const noteSubjectOf = (baseSubject: string, actionId: string): string =>
  `${baseSubject} [TBot ${actionId}]`;

/** Whether an article's subject is the one the note action `actionId` wrote. */
export const isNoteOfAction = (subject: string, actionId: string): boolean =>
  subject.trimEnd().endsWith(`[TBot ${actionId}]`);
