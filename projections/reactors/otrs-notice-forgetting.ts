import type { RecordedEvent } from '../../application/ports/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { forgottenSubjectSql, forgottenSubjects } from '../otrs/otrs-forgetting.ts';
import { OTRS_AGENTS, OTRS_CARDS, OTRS_LINKS, OTRS_TICKETS } from './otrs-notice-tables.ts';
import { scrubPendingNotices } from './otrs-pending-scrub.ts';

export { OTRS_FORGETTING_EVENT_TYPES, isForgettingEvent } from '../otrs/otrs-forgetting.ts';

/**
 * Drops what the reactor keeps of forgotten subjects, as the OTRS read model does (`otrs-forgetting.ts`,
 * whose predicate this shares): a ticket's title and customer (`subject_id`), its excerpt
 * (`excerpt_subject_id`), an agent (`otrs-agent-<id>`: the row, as its login is the join key), a Telegram
 * user's link and the personal cards in their private chat. Else the next change of the ticket would edit its
 * cards with the forgotten text again. A rebuild reads those fields as null already. Its outbox rows still to
 * be sent are scrubbed too (`otrs-pending-scrub.ts`).
 */
export async function scrubForgottenNotices(
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const named = forgottenSubjects([recorded]);
  await scrubPendingNotices(named, trx, tables);
  const subject = forgottenSubjectSql('t.subject_id');
  const excerpt = forgottenSubjectSql('t.excerpt_subject_id');
  await trx.query(
    `update ${tables.table(OTRS_TICKETS)} t
     set title = case when ${subject} then null else t.title end,
         customer = case when ${subject} then null else t.customer end,
         excerpt = case when ${excerpt} then null else t.excerpt end
     where ((t.title is not null or t.customer is not null) and ${subject})
        or (t.excerpt is not null and ${excerpt})`,
    [named],
  );
  await trx.query(
    `delete from ${tables.table(OTRS_AGENTS)} a where ${forgottenSubjectSql(`'otrs-agent-' || a.agent_id`)}`,
    [named],
  );
  const user = forgottenSubjectSql(`'telegram-user-' || l.telegram_user_id`);
  await trx.query(
    `delete from ${tables.table(OTRS_CARDS)} c where c.personal and exists (
       select 1 from (select c.chat_id as telegram_user_id) l where ${user})`,
    [named],
  );
  await trx.query(`delete from ${tables.table(OTRS_LINKS)} l where ${user}`, [named]);
}
