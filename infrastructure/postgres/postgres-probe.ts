import type pg from 'pg';
import type { HealthProbe } from '../../application/health/index.ts';

/** The database answers a trivial query. */
export function postgresProbe(pool: pg.Pool): HealthProbe {
  return {
    name: 'database',
    async check() {
      await pool.query('select 1');
    },
  };
}
