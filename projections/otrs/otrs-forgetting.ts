import type { RecordedEvent } from '../../application/ports/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { AGENTS, LINKS, TICKETS } from './otrs-tables.ts';

/**
 * The forgetting events after which the OTRS read model scrubs what it keeps of forgotten subjects. A forget
 * tombstones its subjects' keys (`core.personal_data_keys`), so the log reads their fields as `null` from then
 * on; the rows written while they were readable still hold them. An OTRS customer has no forgetting event of
 * its own: an employee's forget tombstones the customer subject of each of their e-mail addresses *before*
 * `EmployeeForgotten` (see NOTES-forget), so each of these events sweeps every tombstoned subject still held.
 */
export const OTRS_FORGETTING_EVENT_TYPES: readonly string[] = [
  'EmployeeForgotten',
  'TelegramUserForgotten',
  'UserForgotten',
];

export const isForgettingEvent = (event: RecordedEvent): boolean =>
  OTRS_FORGETTING_EVENT_TYPES.includes(event.type);

/** The subjects a forgetting event names itself (its key may go only after the event: a Telegram user's). */
export function forgottenSubjects(events: readonly RecordedEvent[]): string[] {
  return events.flatMap((event) => {
    const id = (event.data as { telegramUserId?: unknown }).telegramUserId;
    return event.type === 'TelegramUserForgotten' && typeof id === 'number' ? [`telegram-user-${id}`] : [];
  });
}

/**
 * A subject forgotten: named by the event (`$1`, a text array), or tombstoned in the key store. Shared with the
 * OTRS notices reactor, which scrubs its own tables the same way.
 */
export const forgottenSubjectSql = (column: string): string =>
  `(${column} = any($1::text[]) or exists (select 1 from core.personal_data_keys k
     where k.subject_id = ${column} and k.forgotten_at is not null))`;

/**
 * Drops what the read model keeps of forgotten subjects: a ticket's title and customer (its `subject_id`),
 * its latest excerpt (`excerpt_subject_id`), an agent's login (`otrs-agent-<id>`), a Telegram user's link
 * (the row: a link without its login is nothing; the link's own unlink comes first anyway). Only rows that
 * still hold something are looked at; three statements whatever the number of subjects.
 */
export async function scrubForgotten(
  named: readonly string[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const subject = forgottenSubjectSql('t.subject_id');
  const excerpt = forgottenSubjectSql('t.excerpt_subject_id');
  await trx.query(
    `update ${tables.table(TICKETS)} t
     set title = case when ${subject} then null else t.title end,
         customer_user_id = case when ${subject} then null else t.customer_user_id end,
         customer_id = case when ${subject} then null else t.customer_id end,
         customer_name = case when ${subject} then null else t.customer_name end,
         article_excerpt = case when ${excerpt} then null else t.article_excerpt end
     where ((t.title is not null or t.customer_user_id is not null or t.customer_id is not null
             or t.customer_name is not null) and ${subject})
        or (t.article_excerpt is not null and ${excerpt})`,
    [named],
  );
  await trx.query(
    `update ${tables.table(AGENTS)} a set login = null
     where a.login is not null and ${forgottenSubjectSql(`'otrs-agent-' || a.agent_id`)}`,
    [named],
  );
  await trx.query(
    `delete from ${tables.table(LINKS)} l where ${forgottenSubjectSql(`'telegram-user-' || l.telegram_user_id`)}`,
    [named],
  );
}
