import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { ClaimedOutboxRow, Outbox, OutboxCounts } from '../../application/notifications/index.ts';
import type { OutboxTable } from '../postgres/database-schema.ts';

type ClaimedRow = Pick<
  Selectable<OutboxTable>,
  'id' | 'reactor' | 'kind' | 'chat_id' | 'thread_id' | 'params' | 'attempts' | 'edits' | 'silent'
> & {
  edits_message_id: string | null;
  edits_copies: string[] | null;
  replies_to_message_id: string | null;
};

const toClaimed = (row: ClaimedRow): ClaimedOutboxRow => ({
  id: row.id,
  reactor: row.reactor,
  kind: row.kind,
  chatId: Number(row.chat_id),
  threadId: row.thread_id === null ? null : Number(row.thread_id),
  params: row.params,
  attempts: row.attempts,
  ...(row.silent ? { silent: true } : {}),
  ...(row.edits === null
    ? {}
    : {
        editsMessage: { messageId: row.edits_message_id === null ? null : Number(row.edits_message_id) },
        ...(row.edits_copies === null ? {} : { editsCopies: row.edits_copies.map(Number) }),
      }),
  ...(row.replies_to_message_id === null ? {} : { repliesToMessageId: Number(row.replies_to_message_id) }),
});

/** Errors are kept short: they are for an operator's eye, not a log of their own. */
const short = (error: string) => error.slice(0, 500);

/** The outbox in `notifications.outbox` (migration `2026-12-02T09-30-00_notification-outbox`). */
export function postgresOutbox(pool: pg.Pool): Outbox {
  return {
    async claim(owner, max, claimMs, reactors, limits) {
      // Coalescing first, in its own statement (the claim's snapshot would still see the superseded rows as
      // pending, holding their chats' newer rows back). A row claimed by a node (in flight) is left be: its
      // call may be on its way. Only rows of the same reactor, kind and chat editing the same message, and only
      // older ones: the newest always goes, and nothing older is sent after it.
      await pool.query(
        `with moot as (
           select o.id, (
             select max(n.id) from notifications.outbox n
             where n.status = 'pending' and n.edits = o.edits and n.chat_id = o.chat_id and n.kind = o.kind
               and n.reactor = o.reactor and n.id > o.id) as newer
           from notifications.outbox o
           where o.status = 'pending' and o.edits is not null and o.reactor = any($1::text[])
             and (o.claimed_until is null or o.claimed_until < now()))
         update notifications.outbox o
         set status = 'superseded', done_at = now(), claimed_by = null, claimed_until = null,
             last_error = 'superseded by outbox row ' || moot.newer
         -- Checked again here: a node that claimed the row meanwhile is sending it (the recheck after its lock).
         from moot where o.id = moot.id and moot.newer is not null and o.status = 'pending'
           and (o.claimed_until is null or o.claimed_until < now())`,
        [reactors],
      );
      // A chat's row is due only when no older row of that chat is still pending (claimed or waiting to be
      // retried): one chat's notices go out one at a time, in order. SKIP LOCKED lets nodes claim side by side;
      // the claim itself (not a lock held during the send) keeps a row from being sent by two at once.
      const { rows } = await pool.query<ClaimedRow>(
        `with due as (
           select o.id from notifications.outbox o
           where o.status = 'pending' and o.next_attempt_at <= now()
             and (o.claimed_until is null or o.claimed_until < now())
             and o.reactor = any($4::text[])
             and not exists (
               select 1 from notifications.outbox e
               where e.status = 'pending' and e.chat_id = o.chat_id and e.id < o.id)
             -- An edit waits for the message it edits (the same chat's order already sees to it; a re-routed
             -- group's edits keep the chat of their message, so this is the rule, the order its usual case).
             and not exists (
               select 1 from notifications.outbox t where t.dedupe_key = o.edits and t.status = 'pending')
             -- Telegram's limits (when given), from the chat's recent sends: its spacing, a group's window.
             and ($5::float8 is null or o.chat_id = 0 or not exists (
               select 1 from notifications.outbox s
               where s.chat_id = o.chat_id and s.status = 'sent'
                 and s.done_at > now() - $5 * interval '1 millisecond'))
             and ($6::int is null or o.chat_id >= 0 or (
               select count(*) from notifications.outbox s
               where s.chat_id = o.chat_id and s.status = 'sent'
                 and s.done_at > now() - $7 * interval '1 millisecond') < $6)
           order by o.id
           -- The whole bot's second: what was sent in the last one and what every node holds claimed now.
           limit greatest(0, least($2, coalesce($8 - (
             (select count(*) from notifications.outbox g
              where g.status = 'sent' and g.done_at > now() - interval '1 second')
             + (select count(*) from notifications.outbox c
                where c.status = 'pending' and c.claimed_until > now())), $2)))
           for update skip locked)
         update notifications.outbox o
         set claimed_by = $1, claimed_until = now() + $3 * interval '1 millisecond', attempts = o.attempts + 1
         from due where o.id = due.id
         returning o.id, o.reactor, o.kind, o.chat_id, o.thread_id, o.params, o.attempts, o.edits, o.silent,
           -- The message in the chat now: the latest one the row it edits or an earlier edit of it left there
           -- (an edit sent anew, its message deleted, leaves a new one), none when none was delivered.
           (select t.message_id from notifications.outbox t
            where (t.dedupe_key = o.edits or t.edits = o.edits) and t.id < o.id
              and t.status = 'sent' and t.message_id is not null
            order by t.id desc limit 1) as edits_message_id,
           (select array_agg(c.message_id order by c.message_id) from notifications.outbox_copies c
            where c.copy_of = o.edits and c.chat_id = o.chat_id) as edits_copies,
           (select t.message_id from notifications.outbox t
            where t.dedupe_key = o.replies_to and t.status = 'sent') as replies_to_message_id`,
        [
          owner,
          max,
          claimMs,
          reactors,
          limits?.chatSpacingMs ?? null,
          limits?.groupMaxPerWindow ?? null,
          limits?.groupWindowMs ?? null,
          limits?.globalPerSecond ?? null,
        ],
      );
      return rows.map(toClaimed);
    },

    async markSent(id, messageId) {
      await pool.query(
        `update notifications.outbox
         set status = 'sent', done_at = now(), claimed_by = null, claimed_until = null, last_error = null,
             message_id = $2
         where id = $1`,
        [id, messageId ?? null],
      );
    },

    async markUndeliverable(id, error) {
      await pool.query(
        `update notifications.outbox
         set status = 'undeliverable', done_at = now(), claimed_by = null, claimed_until = null, last_error = $2
         where id = $1`,
        [id, short(error)],
      );
    },

    async retryLater(id, delayMs, error) {
      await pool.query(
        `update notifications.outbox
         set next_attempt_at = now() + $2 * interval '1 millisecond', claimed_by = null, claimed_until = null,
             last_error = $3
         where id = $1 and status = 'pending'`,
        [id, delayMs, short(error)],
      );
    },

    async prune(before, maxRows) {
      // Bounded: one run never holds a long transaction; the job runs again soon enough.
      const { rowCount } = await pool.query(
        `delete from notifications.outbox where id in (
           select id from notifications.outbox where status <> 'pending' and done_at < $1
           order by done_at limit $2)`,
        [before, maxRows],
      );
      // Copies go with the retention of their message's rows: noted before `before`, nothing edits them.
      await pool.query(
        `delete from notifications.outbox_copies where ctid in (
           select ctid from notifications.outbox_copies where noted_at < $1 limit $2)`,
        [before, maxRows],
      );
      return rowCount ?? 0;
    },

    async counts(atMost) {
      const { rows } = await pool.query<{ status: keyof OutboxCounts; n: string }>(
        `select s.status, (select count(*) from (
            select 1 from notifications.outbox o where o.status = s.status limit $1) c) as n
         from (values ('pending'), ('sent'), ('undeliverable')) s(status)`,
        [atMost],
      );
      const count = (status: keyof OutboxCounts) => Number(rows.find((r) => r.status === status)?.n ?? 0);
      return { pending: count('pending'), sent: count('sent'), undeliverable: count('undeliverable') };
    },
  };
}
