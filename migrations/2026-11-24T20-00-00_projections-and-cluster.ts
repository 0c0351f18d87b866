import { type Kysely, sql } from 'kysely';

/**
 * Projection checkpoints with their fencing epoch (DESIGN.md, "Projections"), and the cluster's node registry.
 * A runner that wins a projection's lease bumps `epoch`; each batch's checkpoint update compares epoch and
 * previous checkpoint, so a paused ex-owner can never write.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table projections.checkpoints (
      name text primary key,
      version integer not null,
      epoch bigint not null default 0,
      owner text,
      transaction_id xid8 not null default '0'::xid8,
      position bigint not null default 0,
      status text not null default 'running' check (status in ('running', 'parked')),
      events_applied bigint not null default 0,
      parked_position bigint,
      parked_transaction_id xid8,
      parked_event_type text,
      parked_error text,
      parked_at timestamptz,
      rebuild_started_at timestamptz,
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table cluster.nodes (
      node_id text primary key,
      host text not null,
      pid integer not null,
      version text not null,
      roles text[] not null,
      started_at timestamptz not null,
      heartbeat_at timestamptz not null,
      stopped_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists cluster.nodes`.execute(db);
  await sql`drop table if exists projections.checkpoints`.execute(db);
}
