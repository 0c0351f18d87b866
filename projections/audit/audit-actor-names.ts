import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { TelegramDatabase } from '../telegram/telegram-tables.ts';
import type { UsersDatabase } from '../users/users-tables.ts';
import type { AuditLogTable } from './audit-tables.ts';

/** The read models that know people's names while they are known. */
export type ActorNamesDatabase = Pick<UsersDatabase, 'core.users'> & Pick<TelegramDatabase, 'telegram.users'>;

/** An actor as the audit log keeps it: a person's name is `null` there (see the audit projector). */
type ActorRow = Pick<Selectable<AuditLogTable>, 'actor_kind' | 'actor_id' | 'actor_name'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TELEGRAM_ID = /^-?\d{1,19}$/;

/** A read model not created yet (a node serving the API before any worker ran): nobody to name. */
const UNDEFINED_TABLE = '42P01';

async function namesFrom(
  query: () => Promise<readonly { id: string; name: string | null }[]>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  try {
    const rows = await query();
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
  db: Kysely<ActorNamesDatabase>,
  rows: readonly R[],
): Promise<(R & { readonly actor_name: string | null })[]> {
  const wanted = (kind: string, shape: RegExp) => [
    ...new Set(
      rows
        .filter((r) => r.actor_name === null && r.actor_kind === kind && shape.test(r.actor_id))
        .map((r) => r.actor_id),
    ),
  ];
  const adminIds = wanted('admin', UUID);
  const telegramIds = wanted('telegram', TELEGRAM_ID);
  const [admins, telegram] = await Promise.all([
    namesFrom(
      () =>
        db
          .selectFrom('core.users')
          .select([sql<string>`user_id::text`.as('id'), 'username as name'])
          .where(sql<boolean>`user_id = any(${adminIds}::uuid[])`)
          .execute(),
      adminIds,
    ),
    namesFrom(
      () =>
        db
          .selectFrom('telegram.users')
          .select([
            sql<string>`telegram_user_id::text`.as('id'),
            sql<string | null>`nullif(concat_ws(' ', first_name, last_name), '')`.as('name'),
          ])
          .where(sql<boolean>`telegram_user_id = any(${telegramIds}::bigint[])`)
          .execute(),
      telegramIds,
    ),
  ]);
  return rows.map((row) => {
    if (row.actor_name !== null) return row;
    const names = row.actor_kind === 'admin' ? admins : row.actor_kind === 'telegram' ? telegram : null;
    return { ...row, actor_name: names?.get(row.actor_id) ?? null };
  });
}
