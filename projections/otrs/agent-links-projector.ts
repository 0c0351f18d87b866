import type { Projector } from '../../application/ports/projector.ts';
import { OTRS_AGENT_LINK_EVENT_TYPES, type OtrsAgentLinkEvent } from '../../domain/otrs/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { TelegramUserForgotten } from '../../domain/telegram/index.ts';
import { storableData } from '../storable-data.ts';
import { AGENT_LINKS, createAgentLinksTables } from './agent-links-tables.ts';

/**
 * `otrs.agent_links`: who is linked to which OTRS agent login and whether the session is live, for the admins'
 * list (`GET /api/v1/otrs/links`). The bot's own decisions read the link's stream, not this.
 */
export const otrsAgentLinksProjector: Projector = {
  name: 'otrs-agent-links',
  version: 1,
  schema: 'otrs',
  tables: [AGENT_LINKS],
  eventTypes: [...OTRS_AGENT_LINK_EVENT_TYPES, 'TelegramUserForgotten'],

  createTables: createAgentLinksTables,

  async apply(events, trx, tables) {
    const links = tables.table(AGENT_LINKS);
    for (const recorded of events) {
      const at = recorded.metadata.occurredAt;
      // The subscription delivers only the types listed above.
      const event = { type: recorded.type, data: storableData(recorded.data) } as
        OtrsAgentLinkEvent | TelegramUserForgotten;
      const { telegramUserId } = event.data;
      switch (event.type) {
        case 'OtrsAgentLinked':
          // Read after its owner was forgotten, the login is null: nothing to show (the unlink follows).
          if ((event.data.login as string | null) === null) break;
          await trx.query(
            `insert into ${links} (telegram_user_id, login, session, linked_at, updated_at)
             values ($1, $2, 'active', $3, $3)
             on conflict (telegram_user_id) do update set login = excluded.login, session = 'active',
               linked_at = excluded.linked_at, updated_at = excluded.updated_at`,
            [telegramUserId, event.data.login, at],
          );
          break;
        case 'OtrsAgentSessionExpired':
        case 'OtrsAgentSessionRenewed':
          await trx.query(`update ${links} set session = $2, updated_at = $3 where telegram_user_id = $1`, [
            telegramUserId,
            event.type === 'OtrsAgentSessionExpired' ? 'expired' : 'active',
            at,
          ]);
          break;
        case 'OtrsAgentUnlinked':
        case 'TelegramUserForgotten':
          await trx.query(`delete from ${links} where telegram_user_id = $1`, [telegramUserId]);
          break;
        default:
          assertNever(event);
      }
    }
  },
};
