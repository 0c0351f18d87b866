import type { EventMetadata } from '../../domain/shared/index.ts';
import { type LeasedPeriodicTask, leasedPeriodicTask } from '../periodic-tasks/index.ts';
import type { Clock, IdGenerator, LeaseManager, Logger } from '../ports/index.ts';
import type { TicketCommands } from './ticket-commands.ts';

/** Open tickets with an escalation to announce at `now`, earliest due first (the OTRS read model's). */
export type DueEscalations = (options: {
  readonly now: Date;
  readonly warnBeforeSeconds: number;
  readonly limit: number;
}) => Promise<readonly { readonly ticketId: number }[]>;

export interface EscalationTimerDeps {
  readonly dueEscalations: DueEscalations;
  readonly tickets: Pick<TicketCommands, 'run'>;
  readonly leases: LeaseManager;
  /** The `otrs.escalationWarnMinutes` setting in seconds, read at each run (the feed's observations use it too). */
  readonly warnBeforeSeconds: () => number;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** How often one node looks (default 30 s: an escalation is announced at most that late). */
  readonly everyMs?: number;
  /** Tickets checked per run at most (default 200); the rest are still due at the next run. */
  readonly batchSize?: number;
  /** The node's id, in the actor of what the timer records. */
  readonly nodeId: string;
}

export interface EscalationRun {
  readonly checked: number;
  /** Escalation events recorded (near or escalated). */
  readonly announced: number;
  readonly failed: number;
}

/** One run under the lease (`null` when another node holds the duty), or runs now and every `everyMs`. */
export type EscalationTimer = LeasedPeriodicTask<EscalationRun>;

const LEASE = 'otrs:escalation-timer';

/**
 * The escalation timer: OTRS changes nothing on a ticket whose escalation comes due, so no observation
 * would record it; this one asks the ticket's stream (`CheckTicketEscalations`) for each open ticket whose
 * due time is near or past and not yet announced so. One node at a time (`leasedPeriodicTask`); the decider
 * announces each escalation once, so a second runner, a retried run or a read model behind the log records nothing twice.
 */
export function makeEscalationTimer(deps: EscalationTimerDeps): EscalationTimer {
  const everyMs = deps.everyMs ?? 30_000;
  const batchSize = deps.batchSize ?? 200;
  const { logger } = deps;
  const actor = {
    kind: 'system',
    id: `otrs-escalation-timer:${deps.nodeId}`,
    name: 'OTRS escalation timer',
  } as const;

  const run = async (): Promise<EscalationRun> => {
    const now = deps.clock.now();
    const warnBeforeSeconds = deps.warnBeforeSeconds();
    const due = await deps.dueEscalations({ now, warnBeforeSeconds, limit: batchSize });
    if (due.length === 0) return { checked: 0, announced: 0, failed: 0 };
    const correlationId = deps.ids.newId();
    const metadata: EventMetadata = {
      actor,
      correlationId,
      causationId: correlationId,
      source: 'system',
      occurredAt: now.toISOString(),
    };
    let announced = 0;
    let failed = 0;
    for (const { ticketId } of due) {
      try {
        const result = await deps.tickets.run(
          { type: 'CheckTicketEscalations', data: { ticketId, warnBeforeSeconds } },
          { metadata },
        );
        announced += result.events.length;
      } catch (error) {
        // One ticket's failure (a conflict with the feed, a database hiccup) is retried at the next run.
        failed += 1;
        logger.warn({ err: error, ticketId }, 'otrs escalation check failed; the next run tries again');
      }
    }
    if (announced > 0 || failed > 0)
      logger.info({ checked: due.length, announced, failed }, 'otrs escalations checked');
    return { checked: due.length, announced, failed };
  };

  return leasedPeriodicTask({
    lease: LEASE,
    leases: deps.leases,
    everyMs,
    run,
    logger,
    failureMessage: 'otrs escalation timer failed; the next run tries again',
  });
}
