import type { Projector } from '../../application/ports/projector.ts';
import type { OtrsAgentSessionExpired } from '../../domain/otrs/index.ts';
import type { TelegramUserForgotten, TelegramUserRegistered } from '../../domain/telegram/index.ts';
import { type ReactorMessage, markReactorStart, writeOutbox } from './outbox-writes.ts';

const NAME = 'otrs-link-notices';
const RECIPIENTS = 'otrs_link_notice_recipients';

/** The outbox kind of "your OTRS session expired, log in again": params `{ languageCode }`. */
export const OTRS_SESSION_EXPIRED_KIND = 'otrs.sessionExpired';

type Event = OtrsAgentSessionExpired | TelegramUserRegistered | TelegramUserForgotten;

/**
 * The notification reactor of agent links: when OTRS ended a linked agent's session (an action made with it
 * was refused, `OtrsAgentSessionExpired`), the agent is asked in their private chat to log in again with
 * `/otrs_link`, in their language. One outbox row per expiry (an expiry is recorded once per live session, so
 * two actions failing together ask once). It keeps each user's language from their registration, as the
 * access notices do, since the link events do not carry it.
 */
export const otrsLinkNoticesReactor: Projector = {
  name: NAME,
  version: 1,
  schema: 'notifications',
  tables: [RECIPIENTS],
  eventTypes: ['OtrsAgentSessionExpired', 'TelegramUserRegistered', 'TelegramUserForgotten'],

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
      const event = { type: recorded.type, data: recorded.data } as Event;
      const { telegramUserId } = event.data;
      if (event.type === 'TelegramUserRegistered') {
        languages.set(telegramUserId, event.data.languageCode);
        await trx.query(
          `insert into ${recipients} (telegram_user_id, language_code) values ($1, $2)
           on conflict (telegram_user_id) do update set language_code = excluded.language_code`,
          [telegramUserId, event.data.languageCode],
        );
        continue;
      }
      if (event.type === 'TelegramUserForgotten') {
        languages.delete(telegramUserId);
        await trx.query(`delete from ${recipients} where telegram_user_id = $1`, [telegramUserId]);
        continue;
      }
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
        kind: OTRS_SESSION_EXPIRED_KIND,
        // A private chat's id is its user's.
        chatId: telegramUserId,
        threadId: null,
        params: { languageCode: languages.get(telegramUserId) ?? null },
        recordedAt: recorded.recordedAt,
      });
    }
    await writeOutbox(trx, messages);
  },
};
