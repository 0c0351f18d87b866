import type { Projector } from '../../application/ports/projector.ts';
import type { OtrsAgentSessionExpired } from '../../domain/otrs/index.ts';
import { type ReactorMessage, markReactorStart, writeOutbox } from './outbox-writes.ts';
import {
  USER_NOTICE_RECIPIENT_EVENT_TYPES,
  createUserNoticeRecipients,
  userNotice,
  userNoticeRecipients,
} from './user-notice-recipients.ts';

const NAME = 'otrs-link-notices';
const RECIPIENTS = 'otrs_link_notice_recipients';

/** The outbox kind of "your OTRS session expired, log in again": params `{ languageCode }`. */
export const OTRS_SESSION_EXPIRED_KIND = 'otrs.sessionExpired';

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
  eventTypes: ['OtrsAgentSessionExpired', ...USER_NOTICE_RECIPIENT_EVENT_TYPES],

  async createTables(trx, tables) {
    await createUserNoticeRecipients(trx, tables.table(RECIPIENTS));
    await markReactorStart(trx, NAME, tables, RECIPIENTS);
  },

  async apply(events, trx, tables) {
    const recipients = userNoticeRecipients(trx, tables.table(RECIPIENTS));
    const messages: ReactorMessage[] = [];
    for (const recorded of events) {
      if (await recipients.follow(recorded)) continue;
      // The subscription delivers only the types listed above.
      const { telegramUserId } = recorded.data as OtrsAgentSessionExpired['data'];
      messages.push(
        userNotice(recorded, {
          reactor: NAME,
          kind: OTRS_SESSION_EXPIRED_KIND,
          telegramUserId,
          params: { languageCode: await recipients.languageOf(telegramUserId) },
        }),
      );
    }
    await writeOutbox(trx, messages);
  },
};
