import { type Kysely, sql } from 'kysely';

/**
 * The event log. Readers order by (transaction_id, position) and only read below the snapshot's xmin, so an
 * event committed late by an older transaction is never skipped (DESIGN.md, "Event store port").
 * `es.append_events` does the whole append in one round trip: lock or create the stream, check the expected
 * revision and the idempotency key, insert. It does not NOTIFY: a notifying transaction holds a database-wide
 * lock through its commit flush, which serialised concurrent appends (bench/append: 0.3 of raw INSERT at
 * concurrency 32 with it); the store notifies after commit instead, throttled.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table es.streams (
      stream_id text primary key,
      revision bigint not null
    )`.execute(db);

  await sql`
    create table es.events (
      position bigint generated always as identity primary key,
      transaction_id xid8 not null default pg_current_xact_id(),
      event_id uuid not null unique,
      stream_id text not null,
      revision bigint not null,
      type text not null,
      schema_version integer not null default 1,
      data jsonb not null,
      metadata jsonb not null,
      recorded_at timestamptz not null default now(),
      unique (stream_id, revision)
    )`.execute(db);
  await sql`create index events_transaction_position on es.events (transaction_id, position)`.execute(db);
  await sql`create index events_type on es.events (type, transaction_id, position)`.execute(db);

  await sql`
    create table es.idempotency_keys (
      key text primary key,
      stream_id text not null,
      last_revision bigint not null,
      last_position bigint not null,
      transaction_id xid8 not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create function es.append_events(
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
      if p_idempotency_key is not null then
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
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists es.append_events`.execute(db);
  await sql`drop table if exists es.idempotency_keys`.execute(db);
  await sql`drop table if exists es.events`.execute(db);
  await sql`drop table if exists es.streams`.execute(db);
}
