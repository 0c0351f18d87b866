import { type Kysely, sql } from 'kysely';

/** The schemas of DESIGN.md; tables arrive with the capabilities that need them. */
const schemas = ['core', 'telegram', 'employees', 'monitoring', 'otrs', 'cluster', 'es', 'projections'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const schema of schemas) await db.schema.createSchema(schema).ifNotExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const schema of [...schemas].reverse()) {
    await sql`drop schema if exists ${sql.id(schema)} restrict`.execute(db);
  }
}
