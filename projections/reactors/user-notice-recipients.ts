import type { ProjectionTransaction } from '../../application/ports/projector.ts';
import type { RecordedEvent } from '../../application/ports/index.ts';
import type { TelegramUserForgotten, TelegramUserRegistered } from '../../domain/telegram/index.ts';
import type { ReactorMessage } from './outbox-writes.ts';

/** The events a reactor that tells users in private follows for their languages. */
export const USER_NOTICE_RECIPIENT_EVENT_TYPES = ['TelegramUserRegistered', 'TelegramUserForgotten'] as const;

/** A reactor's table of the languages of the users it tells (physical name from its `tables.table`). */
export async function createUserNoticeRecipients(trx: ProjectionTransaction, table: string): Promise<void> {
  await trx.query(
    `create table if not exists ${table} (
      telegram_user_id bigint primary key,
      language_code text
    )`,
  );
}

export interface UserNoticeRecipients {
  /** Keeps a registration's language, or drops a forgotten user's; `false` (nothing done) for any other event. */
  follow(event: { readonly type: string; readonly data: unknown }): Promise<boolean>;
  /** The user's language from their registration; `null` when unknown. */
  languageOf(telegramUserId: number): Promise<string | null>;
}

/**
 * The languages of a reactor's recipients, for one batch: the events it tells (a decision, an expired session)
 * do not carry the user's language, so it keeps each user's from their registration. Languages registered
 * earlier in the batch are remembered, as they are not in the table yet when a later event needs them.
 */
export function userNoticeRecipients(trx: ProjectionTransaction, table: string): UserNoticeRecipients {
  const languages = new Map<number, string | null>();
  return {
    async follow(recorded) {
      const event = recorded as TelegramUserRegistered | TelegramUserForgotten | { type: 'other' };
      if (event.type === 'TelegramUserRegistered') {
        const { telegramUserId, languageCode } = event.data;
        languages.set(telegramUserId, languageCode);
        await trx.query(
          `insert into ${table} (telegram_user_id, language_code) values ($1, $2)
           on conflict (telegram_user_id) do update set language_code = excluded.language_code`,
          [telegramUserId, languageCode],
        );
        return true;
      }
      if (event.type === 'TelegramUserForgotten') {
        const { telegramUserId } = event.data;
        languages.delete(telegramUserId);
        await trx.query(`delete from ${table} where telegram_user_id = $1`, [telegramUserId]);
        return true;
      }
      return false;
    },

    async languageOf(telegramUserId) {
      if (!languages.has(telegramUserId)) {
        const { rows } = await trx.query<{ language_code: string | null }>(
          `select language_code from ${table} where telegram_user_id = $1`,
          [telegramUserId],
        );
        languages.set(telegramUserId, rows[0]?.language_code ?? null);
      }
      return languages.get(telegramUserId) ?? null;
    },
  };
}

/**
 * A notice of `recorded` to one user in their private chat (its id is the user's): one row per event and user,
 * so a replay or a retried batch tells nobody twice.
 */
export const userNotice = (
  recorded: RecordedEvent,
  notice: {
    readonly reactor: string;
    readonly kind: string;
    readonly telegramUserId: number;
    readonly params: Record<string, unknown>;
  },
): ReactorMessage => ({
  dedupeKey: `${recorded.eventId}:telegram:${notice.telegramUserId}`,
  reactor: notice.reactor,
  kind: notice.kind,
  chatId: notice.telegramUserId,
  threadId: null,
  params: notice.params,
  recordedAt: recorded.recordedAt,
});
