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
}
