import { type Kysely, sql } from 'kysely';

/**
 * `es.append_streams`: several streams' appends in one transaction and one round trip, all or nothing. A bulk
 * change (an Excel import of thousands of people, each their own stream) needs it twice over: one statement
 * per stream would take minutes, and a half-applied import is not an import. Each stream goes through
 * `es.append_events`, so the rules of a single append hold for each; a conflict on any raises `ES409` with
 * the stream in DETAIL and its actual revision in HINT, which rolls back the whole call.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function es.append_streams(
      p_stream_ids text[],
      p_expected text[],
      p_counts integer[],
      p_event_ids uuid[],
      p_types text[],
      p_schema_versions integer[],
      p_data jsonb[],
      p_metadata jsonb[]
    ) returns table (stream_id text, last_revision bigint, last_position bigint, transaction_id xid8)
    language plpgsql as $$
    declare
      v_from integer := 1;
      v_to integer;
      v_result record;
    begin
      for i in 1 .. coalesce(cardinality(p_stream_ids), 0) loop
        v_to := v_from + p_counts[i] - 1;
        select * into v_result from es.append_events(
          p_stream_ids[i], p_expected[i], p_event_ids[v_from:v_to], p_types[v_from:v_to],
          p_schema_versions[v_from:v_to], p_data[v_from:v_to], p_metadata[v_from:v_to], null);
        if v_result.outcome = 'conflict' then
          raise exception 'wrong expected revision' using
            errcode = 'ES409', detail = p_stream_ids[i], hint = v_result.last_revision::text;
        end if;
        return query select p_stream_ids[i], v_result.last_revision, v_result.last_position, v_result.transaction_id;
        v_from := v_to + 1;
      end loop;
    end;
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists es.append_streams`.execute(db);
}
