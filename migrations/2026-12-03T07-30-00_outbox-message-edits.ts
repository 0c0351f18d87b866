import { type Kysely, sql } from 'kysely';

/**
 * The outbox learns edits (#15, one alert message per incident): a sent row keeps Telegram's `message_id`, and
 * a row with `edits` (the dedupe key of the row whose message it edits) is sent as `editMessageText` of that
 * message once it has been sent. Both columns are null for a plain notice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.outbox add column message_id bigint, add column edits text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.outbox drop column if exists edits, drop column if exists message_id`.execute(
    db,
  );
}
