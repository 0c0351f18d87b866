import {
  type OtrsAgentRef,
  type TicketActionCommand,
  type TicketActionOutcome,
  normalizeOtrsLogin,
  otrsTicketStreamId,
  ticketDecider,
} from '../../domain/otrs/index.ts';
import { DomainError } from '../../domain/shared/index.ts';
import { type CommandContext, aggregateStream } from '../commands/index.ts';
import type { UnsentCommand } from '../monitoring/unsent-command.ts';
import type { EventStore, OtrsAgentSessions } from '../ports/index.ts';
import { makeAgentLinkCommands } from './agent-link-commands.ts';
import type { OtrsLoginClaimKeys } from './login-claim-keys.ts';
import { type TicketCommandResult, makeTicketCommands } from './ticket-commands.ts';

export interface TicketActionRequestsDeps {
  readonly store: EventStore;
  readonly sessions: OtrsAgentSessions;
  readonly claimKeys: OtrsLoginClaimKeys;
  /** The OTRS `UserID` of a linked Telegram user, as the read model joins links to agents seen; `null` unknown. */
  readonly agentIdOf?: (telegramUserId: number) => Promise<number | null>;
}

/** Where an asked action stands: not asked (or not on this ticket), still with OTRS, or answered. */
export type ActionProgress =
  | { readonly status: 'unknown' }
  | { readonly status: 'pending' }
  | { readonly status: 'done'; readonly outcome: TicketActionOutcome };

/**
 * What the bot needs to ask an agent's action of a ticket: the user as an agent (their link, from the link
 * stream, so a link made a moment ago counts), an agent named by login, the request itself, and its progress.
 */
export function makeTicketActionRequests(deps: TicketActionRequestsDeps) {
  const { store } = deps;
  const links = makeAgentLinkCommands({ store, sessions: deps.sessions, claimKeys: deps.claimKeys });
  const tickets = makeTicketCommands(store);

  async function agentOf(telegramUserId: number): Promise<OtrsAgentRef> {
    const link = await links.stateOf(telegramUserId);
    if (link.status === 'none') return { telegramUserId, link: 'none', agentId: null };
    const agentId = deps.agentIdOf ? await deps.agentIdOf(telegramUserId) : null;
    return { telegramUserId, link: link.session, agentId };
  }

  return {
    agentOf,

    /** The linked agent who holds `login`; `null` when nobody does (or it is no login at all). */
    async agentByLogin(login: string): Promise<OtrsAgentRef | null> {
      let holder: number | null;
      try {
        holder = await links.holderOf(normalizeOtrsLogin(login));
      } catch (error) {
        if (error instanceof DomainError) return null;
        throw error;
      }
      return holder === null ? null : agentOf(holder);
    },

    /** Asks the action (`TicketActionRequested`, or nothing when it is asked already): the decider's word. */
    ask(command: UnsentCommand<TicketActionCommand>, write: CommandContext): Promise<TicketCommandResult> {
      return tickets.run(command, write);
    },

    /** The ticket's number as TBot knows it; `null` for a ticket it does not know. */
    async numberOf(ticketId: number): Promise<string | null> {
      const { state } = await aggregateStream(store, ticketDecider, otrsTicketStreamId(ticketId));
      return state.status === 'known' ? state.ticket.number : null;
    },

    /** Where action `actionId` of ticket `ticketId` stands now. */
    async progressOf(ticketId: number, actionId: string): Promise<ActionProgress> {
      const { state, events } = await aggregateStream(store, ticketDecider, otrsTicketStreamId(ticketId));
      const action = state.status === 'known' ? state.actions[actionId] : undefined;
      if (!action) return { status: 'unknown' };
      if (action.status === 'pending') return { status: 'pending' };
      for (const event of events) {
        if (event.type === 'TicketActionSucceeded' && event.data.actionId === actionId) {
          return { status: 'done', outcome: { ok: true } };
        }
        if (event.type === 'TicketActionFailed' && event.data.actionId === actionId) {
          const { code, message } = event.data.error;
          return { status: 'done', outcome: { ok: false, code, message } };
        }
      }
      return { status: 'pending' };
    },
  };
}

export type TicketActionRequests = ReturnType<typeof makeTicketActionRequests>;
