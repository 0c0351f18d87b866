import type { TicketAction } from '../../domain/otrs/index.ts';
import type { OtrsTicketUpdate } from '../ports/index.ts';
import { noteSubjectOf } from './note-action-marker.ts';

/** The subject of a note added from Telegram (OTRS requires one; the text is the body). */
export const TELEGRAM_NOTE_SUBJECT = 'Note from Telegram';

/**
 * The TicketUpdate that makes `action` (asked as `actionId`) as the agent `login`; `targetLogin` is the login
 * of the agent a reassignment gives the ticket to. A note's subject carries the action id (`note-action-marker`). Only the action's own fields are sent: OTRS has no optimistic concurrency,
 * so whatever a colleague changed meanwhile (a priority, a title) is kept, not overwritten with a stale read.
 */
export function ticketUpdateOf(
  action: TicketAction,
  login: string,
  targetLogin: string | null,
  actionId: string,
): OtrsTicketUpdate {
  switch (action.kind) {
    case 'take':
      return { lock: 'lock', ownerLogin: login };
    case 'note':
      return { note: { subject: noteSubjectOf(TELEGRAM_NOTE_SUBJECT, actionId), body: action.text } };
    case 'reassign':
      if (action.to.kind === 'queue') return { queue: action.to.queue };
      // The ticket goes to the other agent locked to them, as their own take would leave it.
      return targetLogin === null ? {} : { ownerLogin: targetLogin, lock: 'lock' };
    case 'close':
      return { state: action.state };
  }
}
