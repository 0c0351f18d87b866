import type { OperationName } from './otrs-operations.ts';
import type { TicketChange } from './otrs-state.ts';

/**
 * What can go wrong between TBot and an OTRS, played on the next matching request(s):
 * - `slow`: the operation runs, its answer comes `delayMs` late (a client that gave up meanwhile never sees
 *   it, though an update was made: why updates are not retried);
 * - `drop`: the connection is closed without an answer (the operation does not run);
 * - `html`: a proxy's error page instead of the web service (`status` 502 by default; the operation does not
 *   run);
 * - `changeAfterRead`: after the next TicketGet of `ticketId` is answered, the agent `by` changes the
 *   ticket, as a colleague in the OTRS web UI would between a read and an update.
 */
export type OtrsFault =
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'drop' }
  | { readonly kind: 'html'; readonly status?: number }
  | {
      readonly kind: 'changeAfterRead';
      readonly ticketId: number;
      readonly by: string;
      readonly change: TicketChange;
    };

export interface PendingFault {
  readonly fault: OtrsFault;
  /** Only requests of this operation; every operation when absent. */
  readonly operation?: OperationName;
  /** How many more requests it applies to. */
  remaining: number;
  /** Matching requests still to let through before it applies (a fault in the middle of a round). */
  skip: number;
}

/** The faults a test asked for, in order, each used up after `times` requests. */
export class FaultQueue {
  private readonly pending: PendingFault[] = [];

  add(fault: OtrsFault, options: { operation?: OperationName; times?: number; after?: number } = {}): void {
    const operation = fault.kind === 'changeAfterRead' ? 'TicketGet' : options.operation;
    this.pending.push({
      fault,
      ...(operation ? { operation } : {}),
      remaining: options.times ?? 1,
      skip: options.after ?? 0,
    });
  }

  /** The first fault for this request, counted as used; `changeAfterRead` only for its ticket. */
  take(operation: string, ticketId: string | undefined): OtrsFault | undefined {
    const index = this.pending.findIndex(
      (p) =>
        (p.operation === undefined || p.operation === operation) &&
        (p.fault.kind !== 'changeAfterRead' || String(p.fault.ticketId) === ticketId),
    );
    const found = this.pending[index];
    if (!found) return undefined;
    if (found.skip > 0) {
      found.skip -= 1;
      return undefined;
    }
    found.remaining -= 1;
    if (found.remaining <= 0) this.pending.splice(index, 1);
    return found.fault;
  }

  clear(): void {
    this.pending.length = 0;
  }
}

/** A reverse proxy's answer when the web service behind it is down. */
export const PROXY_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>' +
  '<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n';
