import { otrsAgentSubject } from '../../../domain/otrs/index.ts';
import { type Actor, DomainError } from '../../../domain/shared/index.ts';
import { type CommandContext, commandContext } from '../../commands/index.ts';
import type { Clock, EventStore, IdGenerator, Logger } from '../../ports/index.ts';
import type { OtrsGateway, OtrsTicket } from '../../ports/otrs.ts';
import type { OtrsCustomerKeys } from '../customer-keys.ts';
import { makeTicketCommands } from '../ticket-commands.ts';
import type { ForgottenSubjects, OtrsServiceSession } from './feed-ports.ts';
import { makeOtrsAgentCommands } from './otrs-agent-commands.ts';
import { agentsOf, ticketSubjectOf, toTicketSnapshot } from './otrs-ticket-snapshot.ts';

/** The two ways a change comes in; each is the system actor of the events it records first. */
export type FeedSource = 'webhook' | 'poller';

const ACTORS: Readonly<Record<FeedSource, Actor>> = {
  webhook: { kind: 'system', id: 'otrs-webhook', name: 'OTRS webhook' },
  poller: { kind: 'system', id: 'otrs-poller', name: 'OTRS poller' },
};

/** Tickets per TicketGet (the client also cuts long lists): a batch is read whole before any is recorded. */
export const FEED_BATCH_SIZE = 50;

export interface TicketFeedDeps {
  readonly store: EventStore;
  readonly gateway: Pick<OtrsGateway, 'getTickets'>;
  readonly session: OtrsServiceSession;
  readonly customerKeys: OtrsCustomerKeys;
  readonly forgottenAmong: ForgottenSubjects;
  /** The `otrs.escalationWarnMinutes` setting, in seconds, read at each observation. */
  readonly warnBeforeSeconds: () => number;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface FeedOutcome {
  /** Tickets read from OTRS. */
  readonly read: number;
  /** Events appended (ticket and agent streams); 0 when everything was known already. */
  readonly events: number;
  /** Ids asked for that OTRS does not have (deleted, or not visible to the service agent). */
  readonly missing: readonly number[];
  /** Tickets read but not recorded: OTRS reported something the domain refuses (logged). */
  readonly refused: number;
  /** The latest `Changed` among the tickets read, `null` when none was read. */
  readonly latestChange: Date | null;
  /** Each read ticket's `Changed` as read (after the search that named it): the poller pages by these. */
  readonly changedById: ReadonlyMap<number, Date>;
}

const isCode = (error: unknown, code: string) => error instanceof DomainError && error.code === code;

/**
 * The ticket feed's one way of recording: read tickets with the service agent (TicketGet, articles included)
 * and record each as an observation on its stream, with the agents it names. The webhook and the poller both
 * come through here, and the ticket decider turns a change seen twice into events once. A ticket's events are
 * one append: an OTRS or database failure leaves a ticket recorded whole or not at all.
 */
export function makeTicketFeed(deps: TicketFeedDeps) {
  const tickets = makeTicketCommands(deps.store);
  const agents = makeOtrsAgentCommands(deps.store);
  const { logger } = deps;

  /** The batch as OTRS has it; one vanished ticket (AccessDenied for the whole call) does not hide the rest. */
  const read = async (ids: readonly number[]): Promise<{ found: OtrsTicket[]; missing: number[] }> => {
    const get = (some: readonly number[]) =>
      deps.session.run((session) => deps.gateway.getTickets(session, some, { articles: true }));
    try {
      const found = await get(ids);
      const have = new Set(found.map((t) => t.id));
      return { found, missing: ids.filter((id) => !have.has(id)) };
    } catch (error) {
      if (!isCode(error, 'OTRS.TICKET_NOT_FOUND')) throw error;
      if (ids.length === 1) return { found: [], missing: [...ids] };
    }
    const found: OtrsTicket[] = [];
    const missing: number[] = [];
    for (const id of ids) {
      const one = await read([id]);
      found.push(...one.found);
      missing.push(...one.missing);
    }
    return { found, missing };
  };

  const recordOne = async (ticket: OtrsTicket, write: CommandContext): Promise<number> => {
    const subject = ticketSubjectOf(ticket, deps.customerKeys);
    const seen = agentsOf(ticket);
    const forgotten = await deps.forgottenAmong([subject, ...seen.map((a) => otrsAgentSubject(a.agentId))]);
    let events = 0;
    // The agents first: a reader that sees the ticket's owner can already name them.
    for (const agent of seen) {
      if (forgotten.has(otrsAgentSubject(agent.agentId))) continue;
      const result = await agents.run({ type: 'RecordOtrsAgentSeen', data: agent }, write);
      events += result.events.length;
    }
    const snapshot = toTicketSnapshot(ticket, forgotten.has(subject) ? null : subject);
    const result = await tickets.run(
      { type: 'RecordTicketObservation', data: { snapshot, warnBeforeSeconds: deps.warnBeforeSeconds() } },
      write,
    );
    return events + result.events.length;
  };

  return {
    /**
     * Reads `ticketIds` (in batches of {@link FEED_BATCH_SIZE}) and records each. Rejects with the gateway's
     * error (`OTRS.UNAVAILABLE`, ...) when a batch cannot be read: the batches before it are recorded, that one
     * and those after it are not.
     */
    async record(ticketIds: readonly number[], via: FeedSource): Promise<FeedOutcome> {
      const write = commandContext({
        actor: ACTORS[via],
        source: 'system',
        correlationId: deps.ids.newId(),
        occurredAt: deps.clock.now(),
      });
      const ids = [...new Set(ticketIds)];
      let events = 0;
      let refused = 0;
      let readCount = 0;
      let latest: number | null = null;
      const changedById = new Map<number, Date>();
      const missing: number[] = [];
      for (let start = 0; start < ids.length; start += FEED_BATCH_SIZE) {
        const batch = await read(ids.slice(start, start + FEED_BATCH_SIZE));
        missing.push(...batch.missing);
        for (const ticket of batch.found) {
          readCount += 1;
          const changed = ticket.changedAt.getTime();
          latest = latest === null ? changed : Math.max(latest, changed);
          changedById.set(ticket.id, ticket.changedAt);
          try {
            events += await recordOne(ticket, write);
          } catch (error) {
            // What OTRS says is a fact, but one the domain cannot hold (a lock it does not know): logged and
            // left, so that one odd ticket does not stop the feed.
            if (!isCode(error, 'OTRS_TICKET.INVALID_OBSERVATION')) throw error;
            refused += 1;
            const field = (error as DomainError).context['field'];
            logger.warn(
              { ticketId: ticket.id, field, via },
              'OTRS ticket not recorded: the domain refuses it',
            );
          }
        }
      }
      return {
        read: readCount,
        events,
        missing,
        refused,
        latestChange: latest === null ? null : new Date(latest),
        changedById,
      };
    },
  };
}

export type TicketFeed = ReturnType<typeof makeTicketFeed>;
