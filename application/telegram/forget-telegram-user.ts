import { DomainError } from '../../domain/shared/index.ts';
import type { CommandContext } from '../commands/index.ts';
import {
  type ForgetFollowUpFailed,
  type ForgetPerson,
  afterForgetCommitted,
  deleteKeyAfterForget,
  telegramUserSubject,
} from '../personal-data/index.ts';
import type { AgentLinkCommands } from '../otrs/index.ts';
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
  /** Their OTRS agent link, ended with the reason `forgotten` (its login claim released, its session dropped). */
  readonly otrsAgents: Pick<AgentLinkCommands, 'unlink'>;
  readonly onFollowUpFailed?: ForgetFollowUpFailed;
}

/**
 * The context of the OTRS unlink a forget runs: an idempotency key of its own (`<key>:<part>`: the forget's
 * own key names `TelegramUserForgotten`), and no reason. `OtrsAgentUnlinked` has no personal field, so no
 * key would encrypt the forget's reason ("request 17 from Ivanov") there; `reason: forgotten` says why.
 */
function unlinkContext(write: CommandContext, part: string): CommandContext {
  const { reason: _personal, ...metadata } = write.metadata;
  const { idempotencyKey } = write;
  return idempotencyKey === undefined
    ? { metadata }
    : { metadata, idempotencyKey: `${idempotencyKey}:${part}` };
}

/**
 * Forgets a Telegram user (152-FZ, GDPR): appends `TelegramUserForgotten` (its reason encrypted with their key),
 * then deletes their key (their names and username in their registration, their name on everything they did,
 * the texts of their messages all become unreadable), then purges their rows outside the log. The read models
 * scrub them as they apply the event. A retry (or a crash between the steps) appends nothing more and
 * redoes the rest; the write needs a reason. The bot ignores a forgotten user from then on.
 *
 * Their OTRS link is ended first, before `TelegramUserForgotten`: the unlink reads the login (to release its
 * claim) and writes the release, both under the user's key, and that key may go as soon as the event is in
 * the log (the `forgotten-keys` projection does not wait for this). A failure there does not stop the forget:
 * the unlink runs again as a follow-up once the forget committed (which also ends a link made in between),
 * and that one's failure is logged like the other follow-ups. Both are idempotent: no link, nothing written.
 */
export function makeForgetTelegramUser(deps: ForgetTelegramUserDeps) {
  return async (telegramUserId: number, write: CommandContext): Promise<TelegramUserResult> => {
    if (!write.metadata.reason?.trim()) {
      throw new DomainError('TELEGRAM_USER.REASON_REQUIRED', 'Forgetting a Telegram user needs a reason', {
        telegramUserId,
      });
    }
    const subjectId = telegramUserSubject(telegramUserId);
    const unlink = (part: string) =>
      deps.otrsAgents.unlink(telegramUserId, 'forgotten', unlinkContext(write, part));
    // Its failure is the follow-up's to report: that one runs it again, and logs it if it fails too.
    await unlink('otrs-unlink').catch(() => undefined);
    const result = await deps.users.forget(telegramUserId, write);
    await afterForgetCommitted(
      subjectId,
      'unlink of their OTRS agent',
      () => unlink('otrs-unlink-after'),
      deps.onFollowUpFailed,
    );
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
