import type pg from 'pg';
import type { OtrsAgentSessions } from '../../application/ports/index.ts';
import {
  type PersonalDataKeys,
  decryptValue,
  encryptValue,
  fieldContext,
  isEncryptedValue,
  telegramUserSubject,
} from '../../application/personal-data/index.ts';

export interface PostgresOtrsAgentSessionsDeps {
  readonly pool: pg.Pool;
  readonly keys: PersonalDataKeys;
}

// The context of a session id's encryption: it never decrypts as an event's field or a message text.
const CONTEXT = 'otrs.agent_sessions';

/** The advisory lock of a user's link changes (hashed to PostgreSQL's 64-bit lock key). */
const lockName = (telegramUserId: number) => `otrs-agent-link:${telegramUserId}`;

/**
 * How long a link change waits for the user's previous one. A completion takes one SessionCreate's worth of
 * database steps after OTRS answered, well under this; the bound keeps a waiter from holding its pooled
 * connection for ever (waiters hold one each, and the holder needs others for its own queries).
 */
const LOCK_WAIT = '10s';

/**
 * `otrs.agent_sessions`: each linked agent's OTRS session id, encrypted (AES-256-GCM) with their Telegram
 * user's personal data key. Once that key is forgotten the stored bytes are noise and `get` answers `null`,
 * whether or not the row was dropped yet. `put` for a forgotten user throws `SubjectForgottenError` (the key
 * store creates no key for them), as the link's own event would.
 */
export function postgresOtrsAgentSessions(deps: PostgresOtrsAgentSessionsDeps): OtrsAgentSessions {
  const { pool, keys } = deps;
  return {
    async put(telegramUserId, session) {
      const subject = telegramUserSubject(telegramUserId);
      const { key } = await keys.getOrCreate(subject);
      const sealed = encryptValue(key, fieldContext(subject, CONTEXT), session.sessionId);
      await pool.query(
        `insert into otrs.agent_sessions (telegram_user_id, session) values ($1, $2)
         on conflict (telegram_user_id) do update set session = excluded.session, updated_at = now()`,
        [telegramUserId, sealed],
      );
    },

    async get(telegramUserId) {
      const { rows } = await pool.query<{ session: string }>(
        'select session from otrs.agent_sessions where telegram_user_id = $1',
        [telegramUserId],
      );
      const sealed = rows[0]?.session;
      // Never written in clear: a value without the prefix is not ours to hand to OTRS.
      if (sealed === undefined || !isEncryptedValue(sealed)) return null;
      const subject = telegramUserSubject(telegramUserId);
      const key = await keys.get(subject);
      if (!key) return null;
      // A value that does not authenticate (tampered, or written under another key) is no session: the
      // user is asked to log in again rather than OTRS being called with garbage.
      const sessionId = decryptValue(key.key, fieldContext(subject, CONTEXT), sealed);
      return sessionId === undefined ? null : { sessionId };
    },

    async exclusive(telegramUserId, change) {
      // A session-level advisory lock on a connection of its own: held across `change`'s own queries (on
      // other connections), and let go by PostgreSQL itself if this process dies holding it.
      const client = await pool.connect();
      const name = lockName(telegramUserId);
      // A connection left in doubt (its lock or its setting) is closed rather than pooled: closing lets go.
      let discard = false;
      try {
        try {
          await client.query(`select set_config('lock_timeout', $1, false)`, [LOCK_WAIT]);
          await client.query(`select pg_advisory_lock(hashtextextended($1, 0))`, [name]);
        } catch (error) {
          discard = true;
          throw error;
        }
        try {
          return await change();
        } finally {
          try {
            await client.query(`select pg_advisory_unlock(hashtextextended($1, 0))`, [name]);
            await client.query(`reset lock_timeout`);
          } catch {
            discard = true;
          }
        }
      } finally {
        client.release(discard);
      }
    },

    async drop(telegramUserId) {
      const { rowCount } = await pool.query('delete from otrs.agent_sessions where telegram_user_id = $1', [
        telegramUserId,
      ]);
      return (rowCount ?? 0) > 0;
    },
  };
}
