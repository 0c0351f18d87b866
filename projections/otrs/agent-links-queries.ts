import type { Kysely, Selectable } from 'kysely';
import type { OtrsAgentLinksDatabase, OtrsAgentLinksTable } from './agent-links-tables.ts';

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

const view = (row: Selectable<OtrsAgentLinksTable>): OtrsAgentLinkView => ({
  telegramUserId: Number(row.telegram_user_id),
  login: row.login,
  status: row.session,
  linkedAt: row.linked_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export function otrsAgentLinkQueries(db: Kysely<OtrsAgentLinksDatabase>): OtrsAgentLinkQueries {
  const links = db.selectFrom('otrs.agent_links').selectAll();
  return {
    async listLinks(options = {}) {
      const filtered = options.status === undefined ? links : links.where('session', '=', options.status);
      const rows = await filtered
        .orderBy('linked_at', 'desc')
        .orderBy('telegram_user_id')
        .limit(Math.min(Math.max(options.limit ?? 50, 1), 500))
        .offset(Math.max(options.offset ?? 0, 0))
        .execute();
      return rows.map(view);
    },

    async getLink(telegramUserId) {
      const row = await links.where('telegram_user_id', '=', String(telegramUserId)).executeTakeFirst();
      return row ? view(row) : null;
    },
  };
}
