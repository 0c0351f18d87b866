import { type Kysely, sql } from 'kysely';

/**
 * A projection parked before this release holds its error's message, which may quote the event's data, and
 * `tbot projections retry`/`skip` copy it into an immutable event. Runners now record only a summary of the
 * failure (class, code, SQLSTATE); an older message is replaced by a pointer to the log, which has it whole.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update projections.checkpoints
    set parked_error = 'recorded before failure summaries: see the log line that reported the park'
    where parked_error is not null`.execute(db);
}

export async function down(): Promise<void> {
  // The messages are gone; nothing to restore.
}
