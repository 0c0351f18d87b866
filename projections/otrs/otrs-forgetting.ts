import type { RecordedEvent } from '../../application/ports/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import { otrsAgentSubject } from '../../domain/otrs/index.ts';
import { AGENTS, LINKS, TICKETS } from './otrs-tables.ts';

/**
 * The forgetting events the OTRS read model scrubs for, and the subject each forgets. Its key is gone, so
 * the log reads that subject's fields as `null` from now on; the rows written while it was readable still
 * hold them, and these events are how the read model learns to drop them. Add an OTRS forgetting event here.
 */
const FORGETTING: Readonly<Record<string, (data: Record<string, unknown>) => string | null>> = {
  // A Telegram user's link login is under their own key.
  TelegramUserForgotten: (data) => `telegram-user-${String(data['telegramUserId'])}`,
  // The OTRS forgets (by the `forget` helper): a customer's or ticket's subject, an agent's.
  OtrsCustomerForgotten: (data) => (typeof data['subjectId'] === 'string' ? data['subjectId'] : null),
  OtrsAgentForgotten: (data) =>
    typeof data['agentId'] === 'number' ? otrsAgentSubject(data['agentId']) : null,
};

export const OTRS_FORGETTING_EVENT_TYPES: readonly string[] = Object.keys(FORGETTING);

export const isForgettingEvent = (event: RecordedEvent): boolean => Object.hasOwn(FORGETTING, event.type);

/** The subjects a batch's forgetting events forget. */
export function forgottenSubjects(events: readonly RecordedEvent[]): string[] {
  const subjects = new Set<string>();
  for (const event of events) {
    const subjectOf = FORGETTING[event.type];
    const subject = subjectOf?.(event.data as Record<string, unknown>) ?? null;
    if (subject !== null) subjects.add(subject);
  }
  return [...subjects];
}

/**
 * Drops what the read model keeps under `subjects`: a ticket's title and customer (its `subject_id`), its
 * latest excerpt (`excerpt_subject_id`), an agent's login, a Telegram user's link (the row: a link without
 * its login is nothing; the link's own unlink follows). Three statements whatever the number of subjects.
 */
export async function scrubSubjects(
  subjects: readonly string[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  if (subjects.length === 0) return;
  await trx.query(
    `update ${tables.table(TICKETS)}
     set title = case when subject_id = any($1::text[]) then null else title end,
         customer_user_id = case when subject_id = any($1::text[]) then null else customer_user_id end,
         customer_id = case when subject_id = any($1::text[]) then null else customer_id end,
         customer_name = case when subject_id = any($1::text[]) then null else customer_name end,
         article_excerpt = case when excerpt_subject_id = any($1::text[]) then null else article_excerpt end
     where subject_id = any($1::text[]) or excerpt_subject_id = any($1::text[])`,
    [subjects],
  );
  await trx.query(
    `update ${tables.table(AGENTS)} set login = null where 'otrs-agent-' || agent_id = any($1::text[])`,
    [subjects],
  );
  await trx.query(
    `delete from ${tables.table(LINKS)} where 'telegram-user-' || telegram_user_id = any($1::text[])`,
    [subjects],
  );
}
