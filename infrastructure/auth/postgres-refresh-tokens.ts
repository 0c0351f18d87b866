import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { RefreshOutcome, RefreshTokenStore } from '../../application/ports/index.ts';
import type { RefreshTokensTable } from '../postgres/database-schema.ts';

type TokenRow = Selectable<RefreshTokensTable>;

/** How long a refresh token lives unused. */
export const REFRESH_TOKEN_TTL_DAYS = 14;

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Refresh tokens in `core.refresh_tokens`: rotation in one transaction, reuse revokes the family. The family id
 * names the session: access tokens carry it as `sid`, and the CSRF token of a cookie session derives from it.
 */
export function postgresRefreshTokens(pool: pg.Pool): RefreshTokenStore {
  async function insert(client: pg.Pool | pg.PoolClient, userId: string, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await client.query(
      `insert into core.refresh_tokens (token_hash, family_id, user_id, expires_at)
       values ($1, $2, $3, now() + make_interval(days => $4))`,
      [digest(token), familyId, userId, REFRESH_TOKEN_TTL_DAYS],
    );
    return token;
  }

  const revokeFamily = (client: pg.Pool | pg.PoolClient, familyId: string) =>
    client.query(
      `update core.refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null`,
      [familyId],
    );

  return {
    async issue(userId) {
      const sessionId = randomUUID();
      return { refreshToken: await insert(pool, userId, sessionId), sessionId };
    },

    async rotate(refreshToken): Promise<RefreshOutcome> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const used = await client.query<Pick<TokenRow, 'family_id' | 'user_id'>>(
          `update core.refresh_tokens set revoked_at = now()
           where token_hash = $1 and revoked_at is null and expires_at > now()
           returning family_id, user_id`,
          [digest(refreshToken)],
        );
        const row = used.rows[0];
        let outcome: RefreshOutcome;
        if (row) {
          outcome = {
            status: 'rotated',
            userId: row.user_id,
            refreshToken: await insert(client, row.user_id, row.family_id),
            sessionId: row.family_id,
          };
        } else {
          const known = await client.query<Pick<TokenRow, 'family_id'> & { revoked: boolean }>(
            `select family_id, revoked_at is not null as revoked from core.refresh_tokens where token_hash = $1`,
            [digest(refreshToken)],
          );
          const revoked = known.rows[0];
          if (revoked?.revoked) await revokeFamily(client, revoked.family_id);
          outcome = revoked?.revoked ? { status: 'reused' } : { status: 'invalid' };
        }
        await client.query('commit');
        return outcome;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    async sessionOf(refreshToken) {
      const known = await pool.query<Pick<TokenRow, 'family_id'>>(
        'select family_id from core.refresh_tokens where token_hash = $1',
        [digest(refreshToken)],
      );
      return known.rows[0]?.family_id ?? null;
    },

    async revoke(refreshToken) {
      await pool.query(
        `update core.refresh_tokens set revoked_at = now()
         where revoked_at is null
           and family_id = (select family_id from core.refresh_tokens where token_hash = $1)`,
        [digest(refreshToken)],
      );
    },

    async revokeAllOf(userId) {
      await pool.query(
        'update core.refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null',
        [userId],
      );
    },
  };
}
