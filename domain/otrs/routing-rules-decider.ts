import { type Command, type Decider, type Event, assertNever } from '../shared/index.ts';
import { type OtrsRoutingRule, normalizeRoutingRules } from './routing-rules.ts';

/** On `otrs-routing`: the whole set of rules as an admin saved it (the actor is in the metadata). */
export type OtrsRoutingRulesSet = Event<'OtrsRoutingRulesSet', { rules: readonly OtrsRoutingRule[] }>;
export type OtrsRoutingEvent = OtrsRoutingRulesSet;

export type SetOtrsRoutingRules = Command<'SetOtrsRoutingRules', { rules: readonly OtrsRoutingRule[] }>;
export type OtrsRoutingCommand = SetOtrsRoutingRules;

export type OtrsRoutingState = { readonly rules: readonly OtrsRoutingRule[] };

/**
 * The ticket routing rules, a settings-like stream: each change replaces them all (rules are read in order,
 * as a whole), saving the same rules again records nothing.
 */
export const otrsRoutingDecider: Decider<OtrsRoutingCommand, OtrsRoutingEvent, OtrsRoutingState> = {
  initialState: () => ({ rules: [] }),

  evolve: (_state, event) => {
    switch (event.type) {
      case 'OtrsRoutingRulesSet':
        return { rules: event.data.rules };
      default:
        return assertNever(event.type);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'SetOtrsRoutingRules': {
        const rules = normalizeRoutingRules(command.data.rules);
        // Both sides normalised, keys in one order (the stored rules come back from jsonb with its own key
        // order, so they are rebuilt too): their JSON is equal exactly when the rules are.
        if (JSON.stringify(rules) === JSON.stringify(normalizeRoutingRules(state.rules))) return [];
        return [{ type: 'OtrsRoutingRulesSet', data: { rules } }];
      }
      default:
        return assertNever(command.type);
    }
  },
};

export const OTRS_ROUTING_EVENT_TYPES: readonly OtrsRoutingEvent['type'][] = ['OtrsRoutingRulesSet'];
