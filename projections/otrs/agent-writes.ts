import type { OtrsAgentEvent, OtrsAgentLinkEvent } from '../../domain/otrs/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { Recorded } from './otrs-event.ts';
import { AGENTS, LINKS } from './otrs-tables.ts';

/**
 * The login seen for an agent id. A forgotten agent's login reads as `null` (its key is gone), so a rebuild
 * keeps the id without a login; one seen again later (a new key) is named again.
 */
export async function applyAgentEvent(
  event: Recorded<OtrsAgentEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  switch (event.type) {
    case 'OtrsAgentSeen':
      await trx.query(
        `insert into ${tables.table(AGENTS)} (agent_id, login, seen_at) values ($1, $2, $3)
         on conflict (agent_id) do update set login = excluded.login, seen_at = excluded.seen_at`,
        [event.data.agentId, event.data.login as string | null, event.at],
      );
      return;
    default:
      assertNever(event.type);
  }
}

/** A Telegram user's link: linked, its session expired or renewed, unlinked (the row goes). */
export async function applyLinkEvent(
  event: Recorded<OtrsAgentLinkEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const links = tables.table(LINKS);
  const { telegramUserId } = event.data;
  const setStatus = (status: 'active' | 'expired') =>
    trx.query(`update ${links} set status = $2, updated_at = $3 where telegram_user_id = $1`, [
      telegramUserId,
      status,
      event.at,
    ]);
  switch (event.type) {
    case 'OtrsAgentLinked': {
      // A forgotten user's login reads as null: a rebuild keeps no link of them (their unlink follows anyway).
      const login = event.data.login as string | null;
      if (login === null) return;
      await trx.query(
        `insert into ${links} (telegram_user_id, login, status, linked_at, updated_at)
         values ($1, $2, 'active', $3, $3)
         on conflict (telegram_user_id) do update
           set login = excluded.login, status = 'active', linked_at = excluded.linked_at,
               updated_at = excluded.updated_at`,
        [telegramUserId, login, event.at],
      );
      return;
    }
    case 'OtrsAgentSessionExpired':
      await setStatus('expired');
      return;
    case 'OtrsAgentSessionRenewed':
      await setStatus('active');
      return;
    case 'OtrsAgentUnlinked':
      await trx.query(`delete from ${links} where telegram_user_id = $1`, [telegramUserId]);
      return;
    default:
      assertNever(event);
  }
}
