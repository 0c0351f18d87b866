/** An asked OTRS action a worker holds for a while: its ticket, and how often it was tried (this one included). */
export interface ClaimedOtrsAction {
  readonly actionId: string;
  readonly ticketId: number;
  readonly attempts: number;
}

/**
 * The OTRS actions asked and not yet answered (`TicketActionRequested` without its outcome), as the OTRS
 * actions reactor queues them. Workers on every node drain it side by side; a claim keeps a row from being
 * worked by two at once until it runs out (a worker that died leaves it to the next claim).
 */
export interface OtrsActionQueue {
  /** Up to `max` due actions, oldest first, claimed by `owner` for `claimMs`. */
  claim(owner: string, max: number, claimMs: number): Promise<ClaimedOtrsAction[]>;
  /** The action's outcome is recorded (or it needs none): the row goes. */
  done(actionId: string): Promise<void>;
  /** Try again in `delayMs` (the outcome could not be recorded: the log was unreachable). */
  later(actionId: string, delayMs: number): Promise<void>;
}
