import {
  type TicketActionOutcome,
  type TicketActionRequested,
  otrsLoginKey,
  otrsTicketStreamId,
  ticketDecider,
} from '../../domain/otrs/index.ts';
import { DomainError, type EventMetadata } from '../../domain/shared/index.ts';
import { type CommandContext, aggregateStream } from '../commands/index.ts';
import type {
  Clock,
  EventStore,
  Logger,
  OtrsAgentSessions,
  OtrsGateway,
  OtrsSession,
  OtrsTicket,
  RecordedEvent,
} from '../ports/index.ts';
import { makeAgentLinkCommands } from './agent-link-commands.ts';
import type { OtrsLoginClaimKeys } from './login-claim-keys.ts';
import { isNoteOfAction } from './note-action-marker.ts';
import { ticketUpdateOf } from './ticket-action-update.ts';
import { makeTicketCommands } from './ticket-commands.ts';

/** What the agent is told when OTRS cannot be reached (the circuit open, down, too slow). */
export const OTRS_UNAVAILABLE_MESSAGE = 'OTRS is unavailable, try later';

export interface TicketActionRunnerDeps {
  readonly store: EventStore;
  readonly gateway: OtrsGateway;
  readonly sessions: OtrsAgentSessions;
  readonly claimKeys: OtrsLoginClaimKeys;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Records a ticket OTRS answered after an action as the feed does (its snapshot mapping, the agents it
   * names), so that the card shows who took it without waiting for the poller; absent: the feed's next look
   * records it.
   */
  readonly recordTicket?: (ticket: OtrsTicket, write: CommandContext) => Promise<void>;
}

const ACTOR = { kind: 'system', id: 'otrs-actions', name: 'OTRS actions' } as const;

type Outcome = TicketActionOutcome;
const failed = (code: string, message: string | null): Outcome => ({ ok: false, code, message });

/**
 * Makes one asked OTRS action (`TicketActionRequested`) with the requesting agent's own session, so OTRS's
 * history names them, and records what OTRS answered (`RecordTicketActionOutcome`). At-least-once: an action
 * whose outcome is recorded is not made again (the stream is read first), and the outcome's append is keyed by
 * the action. OTRS ending the session expires the agent's link; OTRS unreachable is a failure to tell the
 * agent ("try later"), not a reason to stop.
 */
export function makeTicketActionRunner(deps: TicketActionRunnerDeps) {
  const { store, gateway, sessions, clock, logger } = deps;
  const tickets = makeTicketCommands(store);
  const links = makeAgentLinkCommands({ store, sessions, claimKeys: deps.claimKeys });

  const contextOf = (requested: RecordedEvent<TicketActionRequested>, part: string): CommandContext => {
    const metadata: EventMetadata = {
      actor: ACTOR,
      correlationId: requested.metadata.correlationId,
      causationId: requested.eventId,
      source: 'system',
      occurredAt: clock.now().toISOString(),
    };
    return { metadata, idempotencyKey: `otrs-action:${requested.data.actionId}:${part}` };
  };

  const loginOf = async (telegramUserId: number): Promise<string | null> => {
    const link = await links.stateOf(telegramUserId);
    return link.status === 'linked' ? link.login : null;
  };

  /**
   * A note asked before, whose call may have reached OTRS before the process died or its answer was lost: is
   * the article this action wrote there already? Found by the action id in its subject, never by its text: the
   * agent may well have written the same words before (review S6).
   */
  async function noteAlreadyThere(session: OtrsSession, ticketId: number, actionId: string) {
    const [ticket] = await gateway.getTickets(session, [ticketId], { articles: true });
    return (ticket?.articles ?? []).some((a) => isNoteOfAction(a.subject, actionId));
  }

  async function call(requested: RecordedEvent<TicketActionRequested>, retry: boolean): Promise<Outcome> {
    const { ticketId, requestedBy, action } = requested.data;
    const login = await loginOf(requestedBy);
    if (login === null) return failed('OTRS_AGENT.NOT_LINKED', null);
    const session = await sessions.get(requestedBy);
    if (session === null) return failed('OTRS_AGENT.SESSION_EXPIRED', null);
    const target =
      action.kind === 'reassign' && action.to.kind === 'agent'
        ? await loginOf(action.to.telegramUserId)
        : null;
    if (action.kind === 'reassign' && action.to.kind === 'agent' && target === null) {
      return failed('OTRS_AGENT.TARGET_NOT_LINKED', null);
    }
    try {
      if (action.kind === 'take') {
        // OTRS has no compare-and-set: a ticket a colleague locked since TBot's last look is refused here
        // rather than taken from them (a change that lands between this read and the update still wins).
        const [now] = await gateway.getTickets(session, [ticketId]);
        if (now && now.lock !== 'unlock') {
          // Already the agent's (a second press after the first was made): nothing to ask of OTRS.
          if (otrsLoginKey(now.owner) === otrsLoginKey(login)) return { ok: true };
          return failed('OTRS_TICKET.TAKEN_BY_OTHER', null);
        }
      }
      const { actionId } = requested.data;
      if (retry && action.kind === 'note' && (await noteAlreadyThere(session, ticketId, actionId))) {
        return { ok: true };
      }
      await gateway.updateTicket(session, ticketId, ticketUpdateOf(action, login, target, actionId));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'OTRS.SESSION_EXPIRED') {
        await links.expire(requestedBy, contextOf(requested, 'expire'));
      }
      if (error.code === 'OTRS.UNAVAILABLE') return failed(error.code, OTRS_UNAVAILABLE_MESSAGE);
      const otrsMessage = error.context.otrsMessage;
      return failed(error.code, typeof otrsMessage === 'string' && otrsMessage !== '' ? otrsMessage : null);
    }
  }

  /** Records the ticket as OTRS has it now, read with the agent's session; a failure only delays it. */
  async function refresh(requested: RecordedEvent<TicketActionRequested>): Promise<void> {
    const recordTicket = deps.recordTicket;
    if (!recordTicket) return;
    const { ticketId, requestedBy } = requested.data;
    try {
      const session = await sessions.get(requestedBy);
      if (session === null) return;
      const [ticket] = await gateway.getTickets(session, [ticketId], { articles: true });
      if (!ticket) return;
      await recordTicket(ticket, contextOf(requested, `observed:${ticket.changedAt.toISOString()}`));
    } catch (error) {
      logger.warn({ err: error, ticketId }, 'otrs ticket not refreshed after an action');
    }
  }

  return {
    /**
     * Makes the action `actionId` of ticket `ticketId` unless its outcome is recorded; `attempts` above 1 is a
     * retry (a worker died or the outcome could not be recorded), when a note is first looked for in OTRS.
     */
    async run(ticketId: number, actionId: string, attempts = 1): Promise<void> {
      const { state, events } = await aggregateStream(store, ticketDecider, otrsTicketStreamId(ticketId));
      if (state.status !== 'known' || state.actions[actionId]?.status !== 'pending') return;
      const requested = events.find(
        (e): e is RecordedEvent<TicketActionRequested> =>
          e.type === 'TicketActionRequested' && e.data.actionId === actionId,
      );
      if (!requested) return;
      const outcome = await call(requested, attempts > 1);
      await tickets.run(
        { type: 'RecordTicketActionOutcome', data: { ticketId, actionId, outcome } },
        contextOf(requested, 'outcome'),
      );
      logger.info(
        {
          ticketId,
          actionId,
          kind: requested.data.action.kind,
          ok: outcome.ok,
          ...(outcome.ok ? {} : { code: outcome.code }),
        },
        'otrs action made',
      );
      if (outcome.ok) await refresh(requested);
    },
  };
}

export type TicketActionRunner = ReturnType<typeof makeTicketActionRunner>;
