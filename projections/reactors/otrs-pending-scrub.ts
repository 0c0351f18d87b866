import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { forgottenSubjectSql } from '../otrs/otrs-forgetting.ts';
import { OTRS_NOTICES, OTRS_TICKETS } from './otrs-notice-tables.ts';

/**
 * Scrubs the reactor's outbox rows still to be sent of what a forget took (review S5): a card or escalation
 * waiting for its chat holds the ticket's title, customer and excerpt, and the owner's login, as they were when
 * it was written. Each row keeps its place and its ticket's number, queue and state: it is sent as the card is
 * now, without them. Rows sent already are Telegram's (edited by the ticket's next change) and pruned in time.
 * Only fields a row has are set (an escalation has no customer). `$1`: the subjects the event names itself.
 */
export async function scrubPendingNotices(
  named: readonly string[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const subject = forgottenSubjectSql('t.subject_id');
  const excerpt = forgottenSubjectSql('t.excerpt_subject_id');
  // The ticket's own subject forgotten takes its excerpt too: a pending row's excerpt may be an older
  // article's than the one the reactor keeps now, most likely the same customer's.
  await trx.query(
    `update notifications.outbox o
     set params = o.params
       || case when s.subject and o.params ? 'title' then '{"title": null}'::jsonb else '{}'::jsonb end
       || case when s.subject and o.params ? 'customer' then '{"customer": null}'::jsonb else '{}'::jsonb end
       || case when (s.subject or s.excerpt) and o.params ? 'excerpt' then '{"excerpt": null}'::jsonb
               else '{}'::jsonb end
     from (select t.ticket_id, ${subject} as subject, ${excerpt} as excerpt
           from ${tables.table(OTRS_TICKETS)} t where ${subject} or ${excerpt}) s
     where o.reactor = $2 and o.status = 'pending' and o.params->>'ticketId' = s.ticket_id::text`,
    [named, OTRS_NOTICES],
  );
  await trx.query(
    `update notifications.outbox o
     set params = jsonb_set(o.params, '{owner}',
       o.params->'owner' || '{"login": null, "telegramUserId": null, "name": null}'::jsonb)
     where o.reactor = $2 and o.status = 'pending' and jsonb_typeof(o.params->'owner') = 'object'
       and ${forgottenSubjectSql(`'otrs-agent-' || (o.params->'owner'->>'agentId')`)}`,
    [named, OTRS_NOTICES],
  );
}
