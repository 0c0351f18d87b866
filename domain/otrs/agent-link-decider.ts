import { type Command, type Decider, DomainError, assertNever } from '../shared/index.ts';
import type { OtrsAgentLinkEvent, OtrsUnlinkReason } from './agent-link-events.ts';
import { normalizeOtrsLogin, otrsLoginKey } from './agent-login.ts';

/** After OTRS accepted `login`'s password (SessionCreate) and the login's claim is held for the user. */
export type LinkOtrsAgent = Command<'LinkOtrsAgent', { telegramUserId: number; login: string }>;
/** OTRS answered a call with the agent's session as expired (the infrastructure drops the session). */
export type ExpireOtrsAgentSession = Command<'ExpireOtrsAgentSession', { telegramUserId: number }>;
export type UnlinkOtrsAgent = Command<
  'UnlinkOtrsAgent',
  { telegramUserId: number; reason: OtrsUnlinkReason }
>;
export type OtrsAgentLinkCommand = LinkOtrsAgent | ExpireOtrsAgentSession | UnlinkOtrsAgent;

export type OtrsAgentLinkState =
  | { readonly status: 'none' }
  | { readonly status: 'linked'; readonly login: string; readonly session: 'active' | 'expired' };

const notLinked = (telegramUserId: number) =>
  new DomainError('OTRS_AGENT.NOT_LINKED', 'No OTRS account is linked', { telegramUserId });

/**
 * A Telegram user's link to an OTRS agent: linked once (a second login needs an unlink first), its session
 * expired and renewed by logging in again with the same login, unlinked by the agent, an admin, or a forget.
 * Linking again with the same login while the session is live changes nothing (the infrastructure keeps the
 * new session): a repeated `/otrs_link` is harmless.
 */
export const otrsAgentLinkDecider: Decider<OtrsAgentLinkCommand, OtrsAgentLinkEvent, OtrsAgentLinkState> = {
  initialState: () => ({ status: 'none' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'OtrsAgentLinked':
        return { status: 'linked', login: event.data.login, session: 'active' };
      case 'OtrsAgentSessionExpired':
        return state.status === 'linked' ? { ...state, session: 'expired' } : state;
      case 'OtrsAgentSessionRenewed':
        return state.status === 'linked' ? { ...state, session: 'active' } : state;
      case 'OtrsAgentUnlinked':
        return { status: 'none' };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { telegramUserId } = command.data;
    switch (command.type) {
      case 'LinkOtrsAgent': {
        const login = normalizeOtrsLogin(command.data.login);
        if (state.status === 'none') return [{ type: 'OtrsAgentLinked', data: { telegramUserId, login } }];
        if (otrsLoginKey(state.login) !== otrsLoginKey(login)) {
          throw new DomainError(
            'OTRS_AGENT.ALREADY_LINKED',
            'Another OTRS account is linked: unlink it first',
            {
              telegramUserId,
            },
          );
        }
        return state.session === 'expired'
          ? [{ type: 'OtrsAgentSessionRenewed', data: { telegramUserId } }]
          : [];
      }
      case 'ExpireOtrsAgentSession':
        // An expiry noticed after an unlink or twice (two calls failing together) changes nothing.
        return state.status === 'linked' && state.session === 'active'
          ? [{ type: 'OtrsAgentSessionExpired', data: { telegramUserId } }]
          : [];
      case 'UnlinkOtrsAgent': {
        const { reason } = command.data;
        if (state.status === 'linked')
          return [{ type: 'OtrsAgentUnlinked', data: { telegramUserId, reason } }];
        // A forget unlinks whoever is linked, and is not refused for someone who never was.
        if (reason === 'forgotten') return [];
        throw notLinked(telegramUserId);
      }
      default:
        return assertNever(command);
    }
  },
};
