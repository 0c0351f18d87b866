import { accessDecisionOf } from '../../application/telegram/index.ts';
import { TELEGRAM_USER_EVENT_TYPES, type TelegramUserEvent } from '../../domain/telegram/index.ts';
import type { Projector } from '../../application/ports/projector.ts';
import { type ReactorMessage, markReactorStart, writeOutbox } from './outbox-writes.ts';

const NAME = 'access-notices';
const RECIPIENTS = 'access_notice_recipients';

/** The outbox kind of an access decision told to the user: params `{ decision, languageCode }`. */
export const ACCESS_DECISION_KIND = 'telegram.accessDecision';

/**
 * The notification reactor of access decisions: an approval, a denial or a role change is told to the user in
 * Telegram, in their language. Its effect is outbox rows (one per event, the user being its only recipient),
 * written with its checkpoint; the sender renders and sends them. It keeps each user's language from their
 * registration, since the decision events do not carry it.
 */
export const accessNoticesReactor: Projector = {
  name: NAME,
  version: 1,
  schema: 'notifications',
  tables: [RECIPIENTS],
  eventTypes: TELEGRAM_USER_EVENT_TYPES,

  async createTables(trx, tables) {
    await trx.query(
      `create table if not exists ${tables.table(RECIPIENTS)} (
        telegram_user_id bigint primary key,
        language_code text
      )`,
    );
    await markReactorStart(trx, NAME, tables, RECIPIENTS);
  },

  async apply(events, trx, tables) {
    const recipients = tables.table(RECIPIENTS);
    // Languages registered earlier in this batch are not in the table yet when a later event needs them.
    const languages = new Map<number, string | null>();
    const messages: ReactorMessage[] = [];
    for (const recorded of events) {
      // The subscription delivers only the types listed above.
      const event = { type: recorded.type, data: recorded.data } as TelegramUserEvent;
      if (event.type === 'TelegramUserRegistered') {
        const { telegramUserId, languageCode } = event.data;
        languages.set(telegramUserId, languageCode);
        await trx.query(
          `insert into ${recipients} (telegram_user_id, language_code) values ($1, $2)
           on conflict (telegram_user_id) do update set language_code = excluded.language_code`,
          [telegramUserId, languageCode],
        );
        continue;
      }
      if (event.type === 'TelegramUserForgotten') {
        languages.delete(event.data.telegramUserId);
        await trx.query(`delete from ${recipients} where telegram_user_id = $1`, [event.data.telegramUserId]);
        continue;
      }
      const decision = accessDecisionOf(event);
      if (decision === null) continue;
      const { telegramUserId } = event.data;
      // A user's own first message approves an admin named in TELEGRAM_ADMIN_IDS: nobody decided, and the
      // reply to that message already greets them. Only someone else's decision is news to the user.
      const { actor } = recorded.metadata;
      if (actor.kind === 'telegram' && actor.id === String(telegramUserId)) continue;
      if (!languages.has(telegramUserId)) {
        const { rows } = await trx.query<{ language_code: string | null }>(
          `select language_code from ${recipients} where telegram_user_id = $1`,
          [telegramUserId],
        );
        languages.set(telegramUserId, rows[0]?.language_code ?? null);
      }
      messages.push({
        dedupeKey: `${recorded.eventId}:telegram:${telegramUserId}`,
        reactor: NAME,
        kind: ACCESS_DECISION_KIND,
        chatId: telegramUserId,
        threadId: null,
        params: { decision, languageCode: languages.get(telegramUserId) ?? null },
        recordedAt: recorded.recordedAt,
      });
    }
    await writeOutbox(trx, messages);
  },
};
