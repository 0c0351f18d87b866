import { type Kysely, sql } from 'kysely';

/**
 * An edit finds the message to edit among the row it edits and the earlier edits of that row (one sent anew
 * when its message was deleted leaves the message the next edits edit): indexed by `edits` (#15, review G4).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists outbox_edits on notifications.outbox (edits) where edits is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists notifications.outbox_edits`.execute(db);
}
