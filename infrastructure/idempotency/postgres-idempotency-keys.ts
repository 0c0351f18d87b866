import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { IdempotencyClaim, IdempotencyKeys } from '../../application/ports/index.ts';
import type { HttpIdempotencyKeysTable } from '../postgres/database-schema.ts';

/** A key's row, and whether this claim is its first use. */
type ClaimRow = Pick<Selectable<HttpIdempotencyKeysTable>, 'request_hash' | 'nonce' | 'status'> & {
  fresh: boolean;
};

/**
 * One statement: insert the key, or take it over when its use has expired; else read the earlier use. The
 * outer select reads the statement's snapshot, so a key inserted by a concurrent first use that committed
 * while this statement waited on it is seen by neither half: the caller asks again.
 */
const CLAIM = `
  with claimed as (
    insert into core.http_idempotency_keys as k (key, request_hash, nonce)
    values ($1, $2, $3)
    on conflict (key) do update
      set request_hash = excluded.request_hash, nonce = excluded.nonce, status = null, created_at = now()
      where k.created_at < now() - make_interval(days => $4)
    returning k.request_hash, k.nonce, k.status, true as fresh
  )
  select request_hash, nonce, status, fresh from claimed
  union all
  select request_hash, nonce, status, false from core.http_idempotency_keys
  where key = $1 and not exists (select 1 from claimed)`;

/** Only a race with a concurrent first use makes a claim find nothing; the next attempt sees its row. */
const CLAIM_ATTEMPTS = 3;

/** The HTTP keys in `core.http_idempotency_keys` (migration `2026-12-02T08-50-00_http-idempotency-keys`). */
export function postgresIdempotencyKeys(pool: pg.Pool): IdempotencyKeys {
  return {
    async claim(key, requestHash, retentionDays): Promise<IdempotencyClaim> {
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
        const { rows } = await pool.query<ClaimRow>(CLAIM, [key, requestHash, randomUUID(), retentionDays]);
        const row = rows[0];
        if (!row) continue;
        if (row.fresh) return { outcome: 'new', nonce: row.nonce };
        if (row.request_hash !== requestHash) return { outcome: 'reused' };
        return { outcome: 'same', nonce: row.nonce, status: row.status };
      }
      throw new Error('An idempotency key could be neither claimed nor found');
    },

    async recordStatus(key, nonce, status) {
      await pool.query(
        'update core.http_idempotency_keys set status = $3 where key = $1 and nonce = $2 and status is null',
        [key, nonce, status],
      );
    },

    async pruneBefore(before, maxRows) {
      // Bounded: each delete is one short statement, whatever the backlog; the job runs again soon enough.
      const http = await pool.query(
        `delete from core.http_idempotency_keys where key in (
           select key from core.http_idempotency_keys where created_at < $1 order by created_at limit $2)`,
        [before, maxRows],
      );
      // An HTTP key's event store key was created after it: never delete one whose HTTP key is still kept
      // (its retry would find no append and run again), so stop below the oldest HTTP key left.
      const store = await pool.query(
        `delete from es.idempotency_keys where key in (
           select key from es.idempotency_keys
           where created_at < least($1, (select min(created_at) from core.http_idempotency_keys))
           order by created_at limit $2)`,
        [before, maxRows],
      );
      return (http.rowCount ?? 0) + (store.rowCount ?? 0);
    },
  };
}
