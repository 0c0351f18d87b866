import {
  type TelegramProfile,
  type TelegramRole,
  type TelegramUserEvent,
  type TelegramUserState,
  telegramUserDecider,
  telegramUserStreamId,
} from '../../domain/telegram/index.ts';
import {
  type CommandContext,
  type CommandResult,
  aggregateStream,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';

export interface TelegramUserCommandsDeps {
  readonly store: EventStore;
  /** `TELEGRAM_ADMIN_IDS`: these users are admins from their first contact. */
  readonly adminIds: ReadonlySet<number>;
}

export type TelegramUserResult = CommandResult<TelegramUserEvent>;

/**
 * The Telegram users' commands. `identify` runs on every update: it reads the user's stream (the authority on
 * access, with no projection lag) and registers a first contact.
 */
export function makeTelegramUserCommands(deps: TelegramUserCommandsDeps) {
  const { store, adminIds } = deps;
  const handle = makeCommandHandler({
    store,
    decider: telegramUserDecider,
    streamId: (c) => telegramUserStreamId(c.data.telegramUserId),
  });
  const load = async (telegramUserId: number): Promise<TelegramUserState> =>
    (await aggregateStream(store, telegramUserDecider, telegramUserStreamId(telegramUserId))).state;

  return {
    /** The user's access state, registering them at their first contact. */
    async identify(profile: TelegramProfile, write: CommandContext): Promise<TelegramUserState> {
      const state = await load(profile.telegramUserId);
      if (state.status !== 'none') return state;
      const data = { ...profile, initialAdmin: adminIds.has(profile.telegramUserId) };
      await handle(
        { type: 'RegisterTelegramUser', data, metadata: write.metadata },
        handleOptions(write, 'register'),
      );
      return load(profile.telegramUserId);
    },

    load,

    requestAccess: (telegramUserId: number, write: CommandContext): Promise<TelegramUserResult> =>
      handle(
        { type: 'RequestTelegramAccess', data: { telegramUserId }, metadata: write.metadata },
        handleOptions(write),
      ),

    approve: (
      telegramUserId: number,
      role: TelegramRole,
      write: CommandContext,
    ): Promise<TelegramUserResult> =>
      handle(
        { type: 'ApproveTelegramAccess', data: { telegramUserId, role }, metadata: write.metadata },
        handleOptions(write),
      ),

    deny: (telegramUserId: number, write: CommandContext): Promise<TelegramUserResult> =>
      handle(
        { type: 'DenyTelegramAccess', data: { telegramUserId }, metadata: write.metadata },
        handleOptions(write),
      ),

    block: (telegramUserId: number, write: CommandContext): Promise<TelegramUserResult> =>
      handle(
        { type: 'BlockTelegramUser', data: { telegramUserId }, metadata: write.metadata },
        handleOptions(write),
      ),

    changeRole: (
      telegramUserId: number,
      role: TelegramRole,
      write: CommandContext,
    ): Promise<TelegramUserResult> =>
      handle(
        { type: 'ChangeTelegramUserRole', data: { telegramUserId, role }, metadata: write.metadata },
        handleOptions(write),
      ),

    /** Appends `TelegramUserForgotten`, once; the key and the other traces are the forgetting's part. */
    forget: (telegramUserId: number, write: CommandContext): Promise<TelegramUserResult> =>
      handle(
        { type: 'ForgetTelegramUser', data: { telegramUserId }, metadata: write.metadata },
        handleOptions(write),
      ),
  };
}

export type TelegramUserCommands = ReturnType<typeof makeTelegramUserCommands>;
