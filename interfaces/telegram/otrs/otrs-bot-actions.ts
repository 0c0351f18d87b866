import type { TicketActionRequests } from '../../../application/otrs/index.ts';
import type { OtrsNoteDrafts } from '../../../application/ports/index.ts';

/** What the card's buttons and the action commands need, handed in by the runtime when OTRS is on. */
export interface OtrsBotActions {
  readonly requests: TicketActionRequests;
  readonly drafts: OtrsNoteDrafts;
  /** The TicketID of a ticket number (the OTRS read model); `null` when TBot knows no such ticket. */
  ticketIdOfNumber(number: string): Promise<number | null>;
  /** How long a button waits for OTRS's answer before it says "in progress" (Telegram allows about 15 s). */
  readonly answerWaitMs?: number;
  /** How long the note conversation waits for the note. */
  readonly noteDraftMs?: number;
  /** Whom the card's "Reassign" offers (the read model); absent: the button explains `/reassign` instead. */
  readonly reassignTargets?: OtrsReassignTargets;
}

/** The linked agents and the queues TBot knows, for the reassign picker; each sorted by name, at most `limit`. */
export interface OtrsReassignTargets {
  agents(limit: number): Promise<{ readonly telegramUserId: number; readonly login: string }[]>;
  queues(limit: number): Promise<{ readonly queueId: number; readonly name: string }[]>;
  /** The name of queue `queueId` as its latest ticket showed it; `null` when TBot knows no such queue. */
  queueName(queueId: number): Promise<string | null>;
}
