import { accessDecisionOf } from '../../application/telegram/index.ts';
import { TELEGRAM_USER_EVENT_TYPES, type TelegramUserEvent } from '../../domain/telegram/index.ts';
import type { Projector } from '../../application/ports/projector.ts';
import { type ReactorMessage, markReactorStart, writeOutbox } from './outbox-writes.ts';
import { createUserNoticeRecipients, userNotice, userNoticeRecipients } from './user-notice-recipients.ts';

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
    await createUserNoticeRecipients(trx, tables.table(RECIPIENTS));
    await markReactorStart(trx, NAME, tables, RECIPIENTS);
  },

  async apply(events, trx, tables) {
    const recipients = userNoticeRecipients(trx, tables.table(RECIPIENTS));
    const messages: ReactorMessage[] = [];
    for (const recorded of events) {
      if (await recipients.follow(recorded)) continue;
      // The subscription delivers only the types listed above.
      const event = { type: recorded.type, data: recorded.data } as TelegramUserEvent;
      const decision = accessDecisionOf(event);
      if (decision === null) continue;
      const { telegramUserId } = event.data;
      // A user's own first message approves an admin named in TELEGRAM_ADMIN_IDS: nobody decided, and the
      // reply to that message already greets them. Only someone else's decision is news to the user.
      const { actor } = recorded.metadata;
      if (actor.kind === 'telegram' && actor.id === String(telegramUserId)) continue;
      messages.push(
        userNotice(recorded, {
          reactor: NAME,
          kind: ACCESS_DECISION_KIND,
          telegramUserId,
          params: { decision, languageCode: await recipients.languageOf(telegramUserId) },
        }),
      );
    }
    await writeOutbox(trx, messages);
  },
};
