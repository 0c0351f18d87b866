import { type Kysely, sql } from 'kysely';

/**
 * The outbox learns silent notices (#15, quiet hours): a row with `silent` is sent with `disable_notification`
 * (delivered without a sound), as the alerts of a group inside its quiet hours.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.outbox add column silent boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications.outbox drop column if exists silent`.execute(db);
}
