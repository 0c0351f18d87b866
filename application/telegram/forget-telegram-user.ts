import { DomainError } from '../../domain/shared/index.ts';
import type { CommandContext } from '../commands/index.ts';
import {
  type ForgetFollowUpFailed,
  type ForgetPerson,
  afterForgetCommitted,
  deleteKeyAfterForget,
  telegramUserSubject,
} from '../personal-data/index.ts';
import type { TelegramUserCommands, TelegramUserResult } from './telegram-user-commands.ts';

/**
 * What a Telegram user leaves outside the log: their rows of the message log (what they wrote, what the bot
 * answered them), the inbox's finished updates and call journal, their notifications in the outbox.
 */
export interface TelegramUserTraces {
  /** Deletes (or empties) every such row of the user; idempotent. */
  purge(telegramUserId: number): Promise<void>;
}

export interface ForgetTelegramUserDeps {
  readonly users: Pick<TelegramUserCommands, 'forget'>;
  readonly forgetPerson: ForgetPerson;
  readonly traces: TelegramUserTraces;
  readonly onFollowUpFailed?: ForgetFollowUpFailed;
}

/**
 * Forgets a Telegram user (152-FZ, GDPR): appends `TelegramUserForgotten` (its reason encrypted with their key),
 * then deletes their key (their names and username in their registration, their name on everything they did,
 * the texts of their messages all become unreadable), then purges their rows outside the log. The read models
 * scrub them as they apply the event. A retry (or a crash between the steps) appends nothing more and
 * redoes the rest; the write needs a reason. The bot ignores a forgotten user from then on.
 */
export function makeForgetTelegramUser(deps: ForgetTelegramUserDeps) {
  return async (telegramUserId: number, write: CommandContext): Promise<TelegramUserResult> => {
    if (!write.metadata.reason?.trim()) {
      throw new DomainError('TELEGRAM_USER.REASON_REQUIRED', 'Forgetting a Telegram user needs a reason', {
        telegramUserId,
      });
    }
    const result = await deps.users.forget(telegramUserId, write);
    const subjectId = telegramUserSubject(telegramUserId);
    await deleteKeyAfterForget(deps.forgetPerson, subjectId, deps.onFollowUpFailed);
    await afterForgetCommitted(
      subjectId,
      'purge of their message log, inbox and outbox rows',
      () => deps.traces.purge(telegramUserId),
      deps.onFollowUpFailed,
    );
    return result;
  };
}
