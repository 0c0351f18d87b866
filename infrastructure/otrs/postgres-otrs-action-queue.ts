import type pg from 'pg';
import type { ClaimedOtrsAction, OtrsActionQueue } from '../../application/ports/index.ts';

/** The queue in `otrs.action_queue` (migration `2026-12-04T10-50-00_otrs-actions`). */
export function postgresOtrsActionQueue(pool: pg.Pool): OtrsActionQueue {
  return {
    async claim(owner, max, claimMs) {
      // SKIP LOCKED lets nodes claim side by side; the claim (not a lock held during the OTRS call) keeps an
      // action from being made by two at once.
      const { rows } = await pool.query<{ action_id: string; ticket_id: string; attempts: number }>(
        `with due as (
           select action_id from otrs.action_queue
           where next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
           order by created_at, action_id
           limit $2
           for update skip locked)
         update otrs.action_queue q
         set claimed_by = $1, claimed_until = now() + $3 * interval '1 millisecond', attempts = q.attempts + 1
         from due where q.action_id = due.action_id
         returning q.action_id, q.ticket_id, q.attempts`,
        [owner, max, claimMs],
      );
      return rows.map((row): ClaimedOtrsAction => ({
        actionId: row.action_id,
        ticketId: Number(row.ticket_id),
        attempts: row.attempts,
      }));
    },
    async done(actionId) {
      await pool.query(`delete from otrs.action_queue where action_id = $1`, [actionId]);
    },
    async later(actionId, delayMs) {
      await pool.query(
        `update otrs.action_queue
         set claimed_by = null, claimed_until = null, next_attempt_at = now() + $2 * interval '1 millisecond'
         where action_id = $1`,
        [actionId, delayMs],
      );
    },
  };
}
