import type { Kysely, Selectable } from 'kysely';
import type { LinksTable, OtrsDatabase } from './otrs-tables.ts';

/** A Telegram user's link to an OTRS agent, as the admins see it. */
export interface OtrsAgentLinkView {
  readonly telegramUserId: number;
  readonly login: string;
  /** `expired`: OTRS ended the session; the agent was asked to log in again. */
  readonly status: 'active' | 'expired';
  readonly linkedAt: string;
  readonly updatedAt: string;
}

export interface OtrsAgentLinkQueries {
  /** Most recently linked first; `status` keeps only those links. */
  listLinks(options?: {
    status?: 'active' | 'expired' | undefined;
    limit?: number | undefined;
    offset?: number | undefined;
  }): Promise<OtrsAgentLinkView[]>;
  getLink(telegramUserId: number): Promise<OtrsAgentLinkView | null>;
}

type ListedLink = Selectable<LinksTable> & { readonly login: string };

const view = (row: ListedLink): OtrsAgentLinkView => ({
  telegramUserId: Number(row.telegram_user_id),
  login: row.login,
  status: row.status,
  linkedAt: row.linked_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/**
 * The admins' reads of the links (`GET /api/v1/otrs/links`), from the same `otrs.links` the bot's reads join
 * to the agents. A link without its login (a forgotten user's, between the forget and its scrub) is nothing to
 * show, as it was never a row of the list.
 */
export function otrsAgentLinkQueries(db: Kysely<OtrsDatabase>): OtrsAgentLinkQueries {
  const links = db
    .selectFrom('otrs.links')
    .selectAll()
    .where('login', 'is not', null)
    .$narrowType<{ login: string }>();
  return {
    async listLinks(options = {}) {
      const filtered = options.status === undefined ? links : links.where('status', '=', options.status);
      const rows = await filtered
        .orderBy('linked_at', 'desc')
        .orderBy('telegram_user_id')
        .limit(Math.min(Math.max(options.limit ?? 50, 1), 500))
        .offset(Math.max(options.offset ?? 0, 0))
        .execute();
      return rows.map(view);
    },

    async getLink(telegramUserId) {
      if (!Number.isSafeInteger(telegramUserId) || telegramUserId <= 0) return null;
      const row = await links.where('telegram_user_id', '=', String(telegramUserId)).executeTakeFirst();
      return row ? view(row) : null;
    },
  };
}
