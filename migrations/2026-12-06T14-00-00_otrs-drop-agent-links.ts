import { type Kysely, sql } from 'kysely';

/**
 * One read model of OTRS agent links (#16): the admins' list (`/api/v1/otrs/links`) now reads `otrs.links`,
 * which the `otrs` projector already kept with the same rows and columns (and the login key the bot's reads
 * join on), so the `otrs-agent-links` projector and its `otrs.agent_links` go, with its checkpoint row (a
 * registered projection nobody runs would look stalled). Nothing is rebuilt: `otrs.links` is unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists otrs.agent_links`.execute(db);
  await sql`drop table if exists otrs.agent_links__rebuild`.execute(db);
  await sql`delete from projections.checkpoints where name = 'otrs-agent-links'`.execute(db);
}

/** Nothing to restore: an older TBot registers its `otrs-agent-links` projector again and replays it. */
export async function down(): Promise<void> {}
