import { type Kysely, sql } from 'kysely';

/**
 * The outbox learns replies (#15, reminders while DOWN): a row with `replies_to` (the dedupe key of the row whose
 * message it answers) is sent as a reply to that message when it was delivered, as a plain message otherwise.
 * Null for every other notice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.outbox add column replies_to text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.outbox drop column if exists replies_to`.execute(db);
}
