import { type Command, type Decider, type Event, assertNever } from '../shared/index.ts';
import { externalText } from './otrs-text.ts';

/**
 * On `otrs-agent-<UserID>`: the login OTRS reported for an agent id on a ticket (its owner or responsible).
 * Ticket events name agents by id only; this is where an id meets its login, once, under the agent's own key
 * (`otrs-agent-<UserID>`), so that forgetting an agent is deleting that key. The read model joins it to the
 * links (by login) to route a ticket to its owner personally and to name the owner on a card.
 */
export type OtrsAgentSeen = Event<'OtrsAgentSeen', { agentId: number; login: string }>;
export type OtrsAgentEvent = OtrsAgentSeen;

export type RecordOtrsAgentSeen = Command<'RecordOtrsAgentSeen', { agentId: number; login: string }>;
export type OtrsAgentCommand = RecordOtrsAgentSeen;

export type OtrsAgentState = { readonly login: string | null };

/** Records a login the first time it is seen for the id, and again only when OTRS renames the agent. */
export const otrsAgentDecider: Decider<OtrsAgentCommand, OtrsAgentEvent, OtrsAgentState> = {
  initialState: () => ({ login: null }),

  evolve: (_state, event) => {
    switch (event.type) {
      case 'OtrsAgentSeen':
        return { login: event.data.login };
      default:
        return assertNever(event.type);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RecordOtrsAgentSeen': {
        const { agentId } = command.data;
        // From OTRS: recorded as it is (cleaned, bounded), not refused.
        const login = externalText(command.data.login, 200);
        if (login === null || login === state.login) return [];
        return [{ type: 'OtrsAgentSeen', data: { agentId, login } }];
      }
      default:
        return assertNever(command.type);
    }
  },
};

export const OTRS_AGENT_EVENT_TYPES: readonly OtrsAgentEvent['type'][] = ['OtrsAgentSeen'];
