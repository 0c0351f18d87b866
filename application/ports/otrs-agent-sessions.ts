import type { OtrsSession } from './otrs.ts';

/**
 * The OTRS sessions of linked agents, one per Telegram user: the credential the bot acts with, so OTRS's own
 * history names the real agent. Kept beside the log, never in it (an event is forever, a session id is a
 * credential), encrypted with the Telegram user's personal data key (`telegram-user-<id>`), so forgetting
 * the user leaves nothing usable even before the row is dropped. The password is never kept anywhere.
 */
export interface OtrsAgentSessions {
  /** Keeps the user's session, replacing the one they had. */
  put(telegramUserId: number, session: OtrsSession): Promise<void>;
  /** The user's session; `null` when they have none (never linked, unlinked, expired, forgotten). */
  get(telegramUserId: number): Promise<OtrsSession | null>;
  /** Drops the user's session: true when there was one. Idempotent. */
  drop(telegramUserId: number): Promise<boolean>;
  /**
   * Runs `change` while no other link change of the same user runs, on any node: two `/otrs_link` completions
   * (or a link and an unlink) of one user follow one another instead of interleaving their session, claim and
   * link steps. Throws, running nothing, when the other change does not end in a bounded wait.
   */
  exclusive<T>(telegramUserId: number, change: () => Promise<T>): Promise<T>;
}
