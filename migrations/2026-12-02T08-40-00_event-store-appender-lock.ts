import { type Kysely, sql } from 'kysely';

/**
 * The read horizon of the log, from appenders only (DESIGN.md, "Projections"; the proof is beside the reader,
 * infrastructure/event-store/postgres/read-horizon.ts). Readers used to read below `pg_snapshot_xmin`, which
 * any open transaction on the server holds back: one in another database, a prepared transaction, a
 * projector's batch on a paused node. Now a transaction that appends announces itself first:
 * `es.begin_append()` takes a transaction-level SHARED advisory lock on one fixed key (classid 1413639028,
 * 'TBot' in ASCII, objid 1, the two-int4 form: objsubid 2 in `pg_locks`) before the transaction has an xid,
 * so it holds that lock from before its xid exists until it ends; readers bound their horizon by the xids of
 * the lock's holders. It raises ES428 when the transaction already has an xid without holding the lock: a
 * transaction that wrote something else first could commit events below a horizon already read past.
 *
 * `es.append_events` and `es.append_streams` call it as their first act, with signatures and behaviour
 * otherwise unchanged: the store calls them as single autocommit statements (no xid yet, the lock is taken at
 * the top level of the transaction). Neither has an EXCEPTION block, so no subtransaction rolls the lock
 * back under them; a caller that wraps them in a savepoint it rolls back loses the lock and the events
 * together, and a later append in that transaction is refused (it has an xid and no lock). A second append
 * in one transaction (the loop of `es.append_streams`, or a caller's own transaction) finds the lock held
 * and goes on. Shared mode: appenders never wait for each other here. Appenders never PREPARE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function es.begin_append() returns void
    language plpgsql as $$
    begin
      if pg_current_xact_id_if_assigned() is null then
        perform pg_advisory_xact_lock_shared(1413639028, 1);
        return;
      end if;
      -- Written already: fine only if the lock was taken before that, by an earlier append of this transaction.
      if not exists (
        select 1 from pg_locks l
        where l.locktype = 'advisory' and l.pid = pg_backend_pid() and l.granted
          and l.database = (select d.oid from pg_database d where d.datname = current_database())
          and l.classid = 1413639028 and l.objid = 1 and l.objsubid = 2
      ) then
        raise exception 'an append must come before any other write of its transaction'
          using errcode = 'ES428',
            hint = 'Call es.append_events / es.append_streams (or es.begin_append()) first in the transaction.';
      end if;
    end;
    $$`.execute(db);

  await sql.raw(appendEventsSql(GUARD)).execute(db);
  await sql.raw(appendStreamsSql(GUARD)).execute(db);
}

/** The first act of both append functions. */
const GUARD = '      perform es.begin_append();\n\n';

/** `es.append_events` as migration 2026-11-24T19-10-00 made it, with `guard` as its first statement. */
const appendEventsSql = (guard: string) => `
    create or replace function es.append_events(
      p_stream_id text,
      p_expected text,
      p_event_ids uuid[],
      p_types text[],
      p_schema_versions integer[],
      p_data jsonb[],
      p_metadata jsonb[],
      p_idempotency_key text
    ) returns table (outcome text, last_revision bigint, last_position bigint, transaction_id xid8)
    language plpgsql as $$
    declare
      v_count integer := cardinality(p_event_ids);
      v_current bigint;
      v_exists boolean;
      v_key es.idempotency_keys%rowtype;
      v_position bigint;
    begin
${guard}      if p_idempotency_key is not null then
        select * into v_key from es.idempotency_keys k where k.key = p_idempotency_key;
        if found then
          return query select 'duplicate', v_key.last_revision, v_key.last_position, v_key.transaction_id;
          return;
        end if;
      end if;

      loop
        select s.revision into v_current from es.streams s where s.stream_id = p_stream_id for update;
        v_exists := found;
        exit when v_exists;
        -- A new stream: create it, or wait for a concurrent creator and lock its row.
        insert into es.streams (stream_id, revision) values (p_stream_id, -1) on conflict do nothing;
      end loop;

      -- A key used concurrently commits first and is visible once we hold the stream lock.
      if p_idempotency_key is not null then
        select * into v_key from es.idempotency_keys k where k.key = p_idempotency_key;
        if found then
          return query select 'duplicate', v_key.last_revision, v_key.last_position, v_key.transaction_id;
          return;
        end if;
      end if;

      if (p_expected = 'no_stream' and v_current <> -1)
        or (p_expected = 'stream_exists' and v_current = -1)
        or (p_expected not in ('any', 'no_stream', 'stream_exists') and p_expected::bigint <> v_current) then
        -- A refused append leaves no trace, not even the placeholder row of a stream it created.
        delete from es.streams s where s.stream_id = p_stream_id and s.revision = -1;
        return query select 'conflict', v_current, null::bigint, null::xid8;
        return;
      end if;

      with inserted as (
        insert into es.events (event_id, stream_id, revision, type, schema_version, data, metadata)
        select e.event_id, p_stream_id, v_current + e.ord, e.type, e.schema_version, e.data, e.metadata
        from unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata)
          with ordinality as e(event_id, type, schema_version, data, metadata, ord)
        order by e.ord
        returning position
      )
      select max(inserted.position) into v_position from inserted;

      update es.streams s set revision = v_current + v_count where s.stream_id = p_stream_id;

      if p_idempotency_key is not null then
        insert into es.idempotency_keys (key, stream_id, last_revision, last_position, transaction_id)
        values (p_idempotency_key, p_stream_id, v_current + v_count, v_position, pg_current_xact_id());
      end if;

      return query select 'appended', v_current + v_count, v_position, pg_current_xact_id();
    end;
    $$`;

/** `es.append_streams` as migration 2026-11-24T23-10-00 made it, with `guard` as its first statement. */
const appendStreamsSql = (guard: string) => `
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
${guard}      if v_count > 0 and not exists (select 1 from unnest(p_expected) e where e <> 'no_stream') then
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
    $$`;

/** The bodies of the earlier migrations again, then the guard goes. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(appendStreamsSql('')).execute(db);
  await sql.raw(appendEventsSql('')).execute(db);
  await sql`drop function if exists es.begin_append()`.execute(db);
}
