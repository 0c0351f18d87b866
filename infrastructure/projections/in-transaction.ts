import type pg from 'pg';
import { TransientStoreError } from '../../application/ports/index.ts';
import { isTransientDatabaseError } from '../postgres/transient-error.ts';

/** Runs `work` in a transaction on one pooled connection; rolls back on any error or on `false`. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  commitIf: (result: T) => boolean = () => true,
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw isTransientDatabaseError(error) ? new TransientStoreError(String(error), { cause: error }) : error;
  }
  let broken = false;
  // A checked-out client whose session the server ends (idle-in-transaction timeout, restart) emits 'error';
  // unheard, that would crash the process. The query in flight fails by itself; the client is discarded.
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query(commitIf(result) ? 'commit' : 'rollback');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => (broken = true));
    throw isTransientDatabaseError(error) ? new TransientStoreError(String(error), { cause: error }) : error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
