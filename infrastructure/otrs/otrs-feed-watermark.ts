import type pg from 'pg';
import type { FeedWatermark } from '../../application/ports/otrs-feed-watermark.ts';

/**
 * The poller's watermark in `otrs.feed_watermarks`: one row per feed name, moved forward only (`greatest`), so
 * that a paused ex-holder of the poller's lease that finishes a round late cannot move it back.
 */
export function postgresFeedWatermark(pool: pg.Pool, name = 'otrs'): FeedWatermark {
  return {
    async read() {
      const { rows } = await pool.query<{ changed_until: Date }>(
        'select changed_until from otrs.feed_watermarks where name = $1',
        [name],
      );
      return rows[0]?.changed_until ?? null;
    },
    async advance(to) {
      await pool.query(
        `insert into otrs.feed_watermarks (name, changed_until) values ($1, $2)
         on conflict (name) do update
           set changed_until = greatest(otrs.feed_watermarks.changed_until, excluded.changed_until),
               updated_at = now()`,
        [name, to.toISOString()],
      );
    },
  };
}
