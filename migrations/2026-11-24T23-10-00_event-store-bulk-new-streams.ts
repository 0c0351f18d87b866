import { type Kysely, sql } from 'kysely';
import { up as loopOnly } from './2026-11-24T22-20-00_event-store-multi-stream-append.ts';

/**
 * `es.append_streams` with a set-based path for the common bulk case: every stream new (`no_stream`), as when
 * an import registers thousands of people. One insert of the streams and one of the events replace a PL/pgSQL
 * loop of about six statements per stream (bench/directory: 336 ms → 99 ms per 1,000 streams). If any of the
 * streams exists, ES409 names the first such and the whole call rolls back, as before. Other expectations take
 * the loop through `es.append_events`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function es.append_streams(
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
      v_count integer := coalesce(cardinality(p_stream_ids), 0);
      v_created text[];
      v_taken text;
      v_from integer := 1;
      v_to integer;
      v_result record;
    begin
      if v_count > 0 and not exists (select 1 from unnest(p_expected) e where e <> 'no_stream') then
        with created as (
          insert into es.streams (stream_id, revision)
          select s.id, s.n - 1 from unnest(p_stream_ids, p_counts) as s(id, n)
          on conflict do nothing
          returning es.streams.stream_id
        )
        select array_agg(created.stream_id) into v_created from created;
        if coalesce(cardinality(v_created), 0) < v_count then
          select s.id into v_taken from unnest(p_stream_ids) with ordinality as s(id, i)
          where s.id <> all(coalesce(v_created, '{}')) order by s.i limit 1;
          raise exception 'wrong expected revision' using errcode = 'ES409', detail = v_taken,
            hint = (select st.revision::text from es.streams st where st.stream_id = v_taken);
        end if;
        return query
        with slots as (
          select s.id, s.i, r.revision, row_number() over (order by s.i, r.revision) as ord
          from unnest(p_stream_ids, p_counts) with ordinality as s(id, n, i)
          cross join lateral generate_series(0, s.n - 1) as r(revision)
        ),
        events as (
          select e.* from unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata)
            with ordinality as e(event_id, type, schema_version, data, metadata, ord)
        ),
        inserted as (
          insert into es.events (event_id, stream_id, revision, type, schema_version, data, metadata)
          select e.event_id, s.id, s.revision, e.type, e.schema_version, e.data, e.metadata
          from slots s join events e on e.ord = s.ord
          order by s.ord
          returning es.events.stream_id, es.events.revision, es.events.position
        )
        select i.stream_id, max(i.revision), max(i.position), pg_current_xact_id()
        from inserted i join unnest(p_stream_ids) with ordinality as s(id, k) on s.id = i.stream_id
        group by i.stream_id, s.k
        order by s.k;
        return;
      end if;

      for i in 1 .. v_count loop
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
  await loopOnly(db);
}
