/**
 * The plain search a quality bench compares the directory search with: one text per person, every field a
 * helpdesk could type concatenated (name, position, department, phones, extension, e-mail, room, host names,
 * IPs), and one `pg_trgm` query ordering the people by `word_similarity` of the query within that text. No
 * lexicon, no variants, no parsing: what a search written in an afternoon would do.
 */
import type pg from 'pg';

const TABLE = 'bench_quality.people';

/** Builds the baseline's table from the employees read model (not timed; the read model is left alone). */
export async function createTrigramBaseline(pool: pg.Pool): Promise<void> {
  await pool.query('create schema if not exists bench_quality');
  await pool.query(
    `create table ${TABLE} as
       select e.id,
              concat_ws(' ', e.full_name, e.position, e.department_name, e.work_phone, e.mobile_phone,
                        e.extension, e.email, e.room,
                        (select string_agg(concat_ws(' ', w.hostname, w.ip), ' ')
                           from employees.workstations w
                          where w.employee_id = e.id and w.status = 'active')) as doc
         from employees.employees e
        where not e.forgotten`,
  );
  await pool.query(`create index on ${TABLE} using gin (doc gin_trgm_ops)`);
  await pool.query(`analyze ${TABLE}`);
}

/**
 * The ids of the `limit` people whose text holds the most similar words to `query`, best first. Every row is
 * scored (no `%>` threshold to tune): the baseline is as good as trigrams can be at this size, if slower. Ties
 * go by the text, not by the id, which is random per run: a run's figures do not depend on its ids.
 */
export async function trigramSearch(client: pg.ClientBase, query: string, limit: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `select id from ${TABLE} order by word_similarity($1, doc) desc, doc, id limit $2`,
    [query, limit],
  );
  return rows.map((row) => row.id);
}
