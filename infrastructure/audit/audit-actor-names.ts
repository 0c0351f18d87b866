import type pg from 'pg';

/** An actor as the audit log keeps it: a person's name is `null` there (see the audit projector). */
interface ActorRow {
  readonly actor_kind: string;
  readonly actor_id: string;
  readonly actor_name: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TELEGRAM_ID = /^-?\d{1,19}$/;

/** A read model not created yet (a node serving the API before any worker ran): nobody to name. */
const UNDEFINED_TABLE = '42P01';

async function namesFrom(pool: pg.Pool, sql: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  try {
    const { rows } = await pool.query<{ id: string; name: string | null }>(sql, [ids]);
    return new Map(rows.flatMap((row) => (row.name ? [[row.id, row.name] as const] : [])));
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return new Map();
    throw error;
  }
}

/**
 * The names of the people among a page's actors, read from the users' read models (`core.users`,
 * `telegram.users`) while they are known: both drop a person when they are forgotten, and the name then
 * answers `null`. Two queries per page, whatever its size.
 */
export async function resolveActorNames<R extends ActorRow>(
  pool: pg.Pool,
  rows: readonly R[],
): Promise<(R & { readonly actor_name: string | null })[]> {
  const wanted = (kind: string, shape: RegExp) => [
    ...new Set(
      rows
        .filter((r) => r.actor_name === null && r.actor_kind === kind && shape.test(r.actor_id))
        .map((r) => r.actor_id),
    ),
  ];
  const [admins, telegram] = await Promise.all([
    namesFrom(
      pool,
      `select user_id::text as id, username as name from core.users where user_id = any($1::uuid[])`,
      wanted('admin', UUID),
    ),
    namesFrom(
      pool,
      `select telegram_user_id::text as id, nullif(concat_ws(' ', first_name, last_name), '') as name
       from telegram.users where telegram_user_id = any($1::bigint[])`,
      wanted('telegram', TELEGRAM_ID),
    ),
  ]);
  return rows.map((row) => {
    if (row.actor_name !== null) return row;
    const names = row.actor_kind === 'admin' ? admins : row.actor_kind === 'telegram' ? telegram : null;
    return { ...row, actor_name: names?.get(row.actor_id) ?? null };
  });
}
