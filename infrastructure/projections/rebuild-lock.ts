import type pg from 'pg';
import { type RebuildLock, TransientStoreError } from '../../application/ports/index.ts';
import { isTransientDatabaseError } from '../postgres/transient-error.ts';

// Two-key advisory locks: the first key keeps rebuild locks apart from every other advisory lock of TBot.
const NAMESPACE = `hashtext('tbot.projection-rebuild')`;

/**
 * SQL true when the session `$2` holds the rebuild lock of projection `$1` in this database. `pg_locks` shows a
 * two-key advisory lock's keys as `classid`/`objid` (oids, so the int4 hashes are read unsigned).
 */
export const REBUILD_LOCK_HELD = `exists (
  select 1 from pg_locks
  where locktype = 'advisory' and granted and pid = $2 and objsubid = 2
    and database = (select oid from pg_database where datname = current_database())
    and classid = ((${NAMESPACE}::int8 + 4294967296) % 4294967296)::oid
    and objid = ((hashtext($1)::int8 + 4294967296) % 4294967296)::oid)`;

/**
 * A session-level advisory lock on a connection of its own, held until released: a second rebuild's
 * `pg_try_advisory_lock` is refused at once, and a process that dies takes its lock with its session.
 */
export async function tryLockRebuild(pool: pg.Pool, projection: string): Promise<RebuildLock | null> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw isTransientDatabaseError(error) ? new TransientStoreError(String(error), { cause: error }) : error;
  }
  let broken = false;
  // A session the server ends emits 'error' on an idle client: heard here, the lock is gone with it.
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  const done = () => {
    client.off('error', onError);
    client.release(broken);
  };
  let row: { locked: boolean; pid: number } | undefined;
  try {
    ({
      rows: [row],
    } = await client.query<{ locked: boolean; pid: number }>(
      `select pg_try_advisory_lock(${NAMESPACE}, hashtext($1)) as locked, pg_backend_pid() as pid`,
      [projection],
    ));
  } catch (error) {
    broken = true;
    done();
    throw isTransientDatabaseError(error) ? new TransientStoreError(String(error), { cause: error }) : error;
  }
  if (!row?.locked) {
    done();
    return null;
  }
  let released = false;
  return {
    projection,
    sessionId: row.pid,
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query(`select pg_advisory_unlock(${NAMESPACE}, hashtext($1))`, [projection]);
      } catch {
        // Ending the session releases the lock as surely.
        broken = true;
      } finally {
        done();
      }
    },
  };
}
