import {
  type OtrsAgentLinkEvent,
  type OtrsAgentLinkState,
  type OtrsUnlinkReason,
  normalizeOtrsLogin,
  otrsAgentLinkDecider,
  otrsAgentLinkStreamId,
  otrsAgentLoginDecider,
  otrsAgentLoginStreamId,
  otrsLoginKey,
} from '../../domain/otrs/index.ts';
import { DomainError } from '../../domain/shared/index.ts';
import {
  type CommandContext,
  type CommandResult,
  aggregateStream,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore, OtrsAgentSessions, OtrsSession } from '../ports/index.ts';
import type { OtrsLoginClaimKeys } from './login-claim-keys.ts';

export interface AgentLinkCommandsDeps {
  readonly store: EventStore;
  readonly sessions: OtrsAgentSessions;
  readonly claimKeys: OtrsLoginClaimKeys;
}

export type AgentLinkResult = CommandResult<OtrsAgentLinkEvent>;

/**
 * Linking a Telegram user to an OTRS agent, after OTRS accepted the password (the interface calls
 * SessionCreate; the password goes no further). The session is kept first, then the login's claim
 * (`otrs-agent-login-<key>`) is taken, so two users cannot hold one agent, then the link follows. An unlink ends the
 * link first, then releases the claim and drops the session: a crash between them leaves a claim the same
 * user's next link or unlink completes (each step is idempotent).
 */
export function makeAgentLinkCommands(deps: AgentLinkCommandsDeps) {
  const { store, sessions, claimKeys } = deps;
  const link = makeCommandHandler({
    store,
    decider: otrsAgentLinkDecider,
    streamId: (c) => otrsAgentLinkStreamId(c.data.telegramUserId),
  });
  const claim = makeCommandHandler({
    store,
    decider: otrsAgentLoginDecider,
    streamId: (c) => otrsAgentLoginStreamId(claimKeys.claimKeyOf(c.data.loginKey)),
  });
  const stateOf = async (telegramUserId: number): Promise<OtrsAgentLinkState> =>
    (await aggregateStream(store, otrsAgentLinkDecider, otrsAgentLinkStreamId(telegramUserId))).state;

  const commands = {
    /** The user's link as the log has it now. */
    stateOf,

    /** The Telegram user who holds `login`'s claim now; `null` when nobody does. */
    async holderOf(login: string): Promise<number | null> {
      const streamId = otrsAgentLoginStreamId(claimKeys.claimKeyOf(otrsLoginKey(login)));
      const { state } = await aggregateStream(store, otrsAgentLoginDecider, streamId);
      return state.status === 'claimed' ? state.telegramUserId : null;
    },

    /**
     * Links (or renews) `telegramUserId` as `login`, whose password OTRS accepted with `session`. Throws
     * `OTRS_AGENT.LOGIN_TAKEN` (another user holds the login) or `OTRS_AGENT.ALREADY_LINKED` (this user holds
     * another login): then nothing is kept, and the caller should end the session it opened. Two completions
     * of one user run one after the other (`OtrsAgentSessions.exclusive`): the same login twice, the later
     * one's session is kept (the earlier one's is replaced, left to OTRS to expire); two logins, the later one
     * is refused `ALREADY_LINKED` before it claims anything. Never a claim without its link, nor a link
     * whose session was dropped by the loser.
     */
    link: (
      telegramUserId: number,
      login: string,
      session: OtrsSession,
      write: CommandContext,
    ): Promise<AgentLinkResult> =>
      sessions.exclusive(telegramUserId, () => linkNow(telegramUserId, login, session, write)),

    /**
     * Ends the link (`reason`), releases its login and drops the session. `forgotten` is not refused for a
     * user who was never linked; the other reasons throw `OTRS_AGENT.NOT_LINKED` then.
     */
    unlink: (telegramUserId: number, reason: OtrsUnlinkReason, write: CommandContext) =>
      sessions.exclusive(telegramUserId, () => unlinkNow(telegramUserId, reason, write)),

    /** OTRS answered a call made with the user's session as expired: the link asks them to log in again. */
    expire: (telegramUserId: number, write: CommandContext) =>
      sessions.exclusive(telegramUserId, async () => {
        await sessions.drop(telegramUserId);
        return link(
          { type: 'ExpireOtrsAgentSession', data: { telegramUserId }, metadata: write.metadata },
          handleOptions(write),
        );
      }),
  };

  return commands;

  async function linkNow(
    telegramUserId: number,
    login: string,
    session: OtrsSession,
    write: CommandContext,
  ): Promise<AgentLinkResult> {
    const typed = normalizeOtrsLogin(login);
    const loginKey = otrsLoginKey(typed);
    // Refused before the claim: a user linked to another login would otherwise be left holding this one too.
    const before = await stateOf(telegramUserId);
    if (before.status === 'linked' && otrsLoginKey(before.login) !== loginKey) {
      throw new DomainError('OTRS_AGENT.ALREADY_LINKED', 'Another OTRS account is linked: unlink it first', {
        telegramUserId,
      });
    }
    // The session first: once the link is committed nothing is left to fail, so a committed link is never
    // answered as a failure (a session kept for a link that is then refused is dropped again).
    await sessions.put(telegramUserId, session);
    try {
      await claim(
        { type: 'ClaimOtrsAgentLogin', data: { loginKey, telegramUserId }, metadata: write.metadata },
        handleOptions(write, 'login-claim'),
      );
      return await link(
        { type: 'LinkOtrsAgent', data: { telegramUserId, login: typed }, metadata: write.metadata },
        handleOptions(write),
      );
    } catch (error) {
      if (error instanceof DomainError) await sessions.drop(telegramUserId);
      throw error;
    }
  }

  async function unlinkNow(
    telegramUserId: number,
    reason: OtrsUnlinkReason,
    write: CommandContext,
  ): Promise<AgentLinkResult> {
    const { events } = await aggregateStream(
      store,
      otrsAgentLinkDecider,
      otrsAgentLinkStreamId(telegramUserId),
    );
    const result = await link(
      { type: 'UnlinkOtrsAgent', data: { telegramUserId, reason }, metadata: write.metadata },
      handleOptions(write),
    );
    // The last login linked, whether or not the link is still on: an unlink that died after
    // `OtrsAgentUnlinked` left its claim held, and its retry (or a forget's) releases it. A release by a
    // user who no longer holds the login changes nothing. `null` once the user's key is gone.
    const login = events.findLast((event) => event.type === 'OtrsAgentLinked')?.data.login ?? null;
    if (login !== null) {
      await claim(
        {
          type: 'ReleaseOtrsAgentLogin',
          data: { loginKey: otrsLoginKey(login), telegramUserId },
          metadata: write.metadata,
        },
        handleOptions(write, 'login-release'),
      );
    }
    await sessions.drop(telegramUserId);
    return result;
  }
}

export type AgentLinkCommands = ReturnType<typeof makeAgentLinkCommands>;
