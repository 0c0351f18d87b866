import { type Command, type Decider, DomainError, type Event, assertNever } from '../shared/index.ts';

/** On `otrs-agent-login-<loginKey>`: which Telegram user holds an agent login (one login, one user). */
export type OtrsAgentLoginClaimed = Event<
  'OtrsAgentLoginClaimed',
  { loginKey: string; telegramUserId: number }
>;
export type OtrsAgentLoginReleased = Event<
  'OtrsAgentLoginReleased',
  { loginKey: string; telegramUserId: number }
>;
export type OtrsAgentLoginEvent = OtrsAgentLoginClaimed | OtrsAgentLoginReleased;

export type ClaimOtrsAgentLogin = Command<
  'ClaimOtrsAgentLogin',
  { loginKey: string; telegramUserId: number }
>;
export type ReleaseOtrsAgentLogin = Command<
  'ReleaseOtrsAgentLogin',
  { loginKey: string; telegramUserId: number }
>;
export type OtrsAgentLoginCommand = ClaimOtrsAgentLogin | ReleaseOtrsAgentLogin;

export type OtrsAgentLoginState =
  { readonly status: 'free' } | { readonly status: 'claimed'; readonly telegramUserId: number };

/**
 * The claim of one agent login: at most one Telegram user holds it. The application claims it before it
 * links (after OTRS accepted the password) and releases it after an unlink. Claiming what one holds and
 * releasing what one does not hold change nothing, so a retried link runs its claim again; appended with the
 * expected revision, two concurrent claims cannot both win.
 */
export const otrsAgentLoginDecider: Decider<OtrsAgentLoginCommand, OtrsAgentLoginEvent, OtrsAgentLoginState> =
  {
    initialState: () => ({ status: 'free' }),

    evolve: (_state, event) => {
      switch (event.type) {
        case 'OtrsAgentLoginClaimed':
          return { status: 'claimed', telegramUserId: event.data.telegramUserId };
        case 'OtrsAgentLoginReleased':
          return { status: 'free' };
        default:
          return assertNever(event);
      }
    },

    decide: (command, state) => {
      const { loginKey, telegramUserId } = command.data;
      switch (command.type) {
        case 'ClaimOtrsAgentLogin':
          if (state.status === 'free')
            return [{ type: 'OtrsAgentLoginClaimed', data: { loginKey, telegramUserId } }];
          if (state.telegramUserId === telegramUserId) return [];
          // The holder's id stays out of the message: the one who asks learns only that it is taken.
          throw new DomainError(
            'OTRS_AGENT.LOGIN_TAKEN',
            'That OTRS login is linked to another Telegram user',
            {
              field: 'login',
            },
          );
        case 'ReleaseOtrsAgentLogin':
          return state.status === 'claimed' && state.telegramUserId === telegramUserId
            ? [{ type: 'OtrsAgentLoginReleased', data: { loginKey, telegramUserId } }]
            : [];
        default:
          return assertNever(command);
      }
    },
  };

export const OTRS_AGENT_LOGIN_EVENT_TYPES: readonly OtrsAgentLoginEvent['type'][] = [
  'OtrsAgentLoginClaimed',
  'OtrsAgentLoginReleased',
];
