import { createSecretKey, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type pg from 'pg';
import type { PersonalDataKeysTable } from '../postgres/database-schema.ts';
import {
  type PersonalDataKey,
  type PersonalDataKeys,
  SubjectForgottenError,
} from '../../application/personal-data/index.ts';
import { createKeyCache } from './key-cache.ts';
import { IV_BYTES, unwrapKey, wrapKey } from './key-wrapping.ts';
import type { MasterKey } from './master-key.ts';

export interface PostgresPersonalDataKeysOptions {
  readonly pool: pg.Pool;
  readonly masterKey: MasterKey;
  /** Unwrapped keys kept in memory; default 50,000 (a few MB). */
  readonly cacheEntries?: number;
  /** How long a cached key is used without asking the database: a forget on another node waits this long. */
  readonly cacheTtlMs?: number;
}

/** A stored key was wrapped by another master key, or its bytes do not authenticate. */
export class PersonalDataMasterKeyError extends Error {
  override readonly name = 'PersonalDataMasterKeyError';
  readonly code = 'PERSONAL_DATA.MASTER_KEY_MISMATCH';
}

/** A key, or a forgotten subject's tombstone (both columns null). */
type KeyRow = Pick<Selectable<PersonalDataKeysTable>, 'subject_id' | 'wrapped_key' | 'master_key_id'>;

/** What the table says of the subjects asked for: their keys, and which of them were forgotten. */
interface Found {
  readonly keys: Map<string, PersonalDataKey>;
  readonly forgotten: Set<string>;
}

/** Subjects per statement: bounded parameter arrays for an import of 100,000 people. */
const CHUNK = 10_000;

/**
 * `core.personal_data_keys`: each person's 32-byte data key wrapped with the master key (AES-256-GCM),
 * with an in-process LRU of unwrapped keys. Absent keys are never cached: a key created on another node
 * must be seen at once, or a projection would write its events as forgotten. A forgotten subject keeps a
 * tombstone row, so that no writer ever creates a new key for them (the insert conflicts with it).
 */
export function createPostgresPersonalDataKeys(options: PostgresPersonalDataKeysOptions): PersonalDataKeys {
  const { pool, masterKey } = options;
  const cache = createKeyCache<PersonalDataKey>({
    maxEntries: options.cacheEntries ?? 50_000,
    ttlMs: options.cacheTtlMs ?? 30_000,
  });

  const remember = (subjectId: string, bytes: Buffer): PersonalDataKey => {
    const key: PersonalDataKey = { subjectId, key: createSecretKey(bytes) };
    cache.set(subjectId, key);
    return key;
  };

  const unwrap = (row: KeyRow & { wrapped_key: Buffer }): PersonalDataKey => {
    if (row.master_key_id !== masterKey.id) {
      throw new PersonalDataMasterKeyError(
        `The personal data key of ${row.subject_id} was wrapped with master key ${row.master_key_id}, but PERSONAL_DATA_MASTER_KEY is ${masterKey.id}: configure the master key this database was created with`,
      );
    }
    const bytes = unwrapKey(masterKey.key, row.subject_id, row.wrapped_key);
    if (!bytes)
      throw new PersonalDataMasterKeyError(`The personal data key of ${row.subject_id} does not unwrap`);
    return remember(row.subject_id, bytes);
  };

  const load = async (subjectIds: readonly string[], found: Found) => {
    const { rows } = await pool.query<KeyRow>(
      'select subject_id, wrapped_key, master_key_id from core.personal_data_keys where subject_id = any($1::text[])',
      [subjectIds],
    );
    for (const row of rows) {
      const { wrapped_key } = row;
      if (wrapped_key === null) found.forgotten.add(row.subject_id);
      else found.keys.set(row.subject_id, unwrap({ ...row, wrapped_key }));
    }
  };

  const cached = (subjectIds: readonly string[]) => {
    const found: Found = { keys: new Map(), forgotten: new Set() };
    const missing: string[] = [];
    for (const subjectId of new Set(subjectIds)) {
      const key = cache.get(subjectId);
      if (key) found.keys.set(subjectId, key);
      else missing.push(subjectId);
    }
    return { found, missing };
  };

  const getMany = async (subjectIds: readonly string[]) => {
    const { found, missing } = cached(subjectIds);
    for (let i = 0; i < missing.length; i += CHUNK) await load(missing.slice(i, i + CHUNK), found);
    const result = new Map<string, PersonalDataKey | null>();
    for (const subjectId of subjectIds) result.set(subjectId, found.keys.get(subjectId) ?? null);
    return result;
  };

  const refuseForgotten = (found: Found) => {
    const [subjectId] = found.forgotten;
    if (subjectId !== undefined) throw new SubjectForgottenError(subjectId);
  };

  const create = async (subjectIds: readonly string[], found: Found) => {
    // One draw of randomness for the whole chunk (each key and its wrapping IV): a call per key costs more
    // than wrapping it.
    const stride = 32 + IV_BYTES;
    const random = randomBytes(stride * subjectIds.length);
    const fresh = new Map(
      subjectIds.map((subjectId, i) => [subjectId, random.subarray(stride * i, stride * i + 32)] as const),
    );
    const ivs = subjectIds.map((_, i) => random.subarray(stride * i + 32, stride * (i + 1)));
    const { rows } = await pool.query<Pick<KeyRow, 'subject_id'>>(
      `insert into core.personal_data_keys (subject_id, wrapped_key, master_key_id)
       select subject_id, wrapped_key, $3 from unnest($1::text[], $2::bytea[]) as k (subject_id, wrapped_key)
       on conflict (subject_id) do nothing
       returning subject_id`,
      [
        [...fresh.keys()],
        [...fresh].map(([subjectId, bytes], i) => wrapKey(masterKey.key, subjectId, bytes, ivs[i])),
        masterKey.id,
      ],
    );
    for (const { subject_id } of rows) {
      const bytes = fresh.get(subject_id);
      if (bytes) found.keys.set(subject_id, remember(subject_id, bytes));
    }
    // Created meanwhile by another writer: theirs is the key. Or forgotten meanwhile: its tombstone.
    const raced = subjectIds.filter((subjectId) => !found.keys.has(subjectId));
    if (raced.length > 0) await load(raced, found);
  };

  const getOrCreateMany = async (subjectIds: readonly string[]) => {
    const { found, missing } = cached(subjectIds);
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      await load(chunk, found);
      refuseForgotten(found);
      const absent = chunk.filter((subjectId) => !found.keys.has(subjectId));
      if (absent.length > 0) await create(absent, found);
      refuseForgotten(found);
    }
    return found.keys;
  };

  return {
    getOrCreateMany,
    getMany,
    async getOrCreate(subjectId) {
      const key = (await getOrCreateMany([subjectId])).get(subjectId);
      if (!key) throw new Error(`No personal data key for ${subjectId}`);
      return key;
    },
    async get(subjectId) {
      return (await getMany([subjectId])).get(subjectId) ?? null;
    },
    async forgottenAmong(subjectIds) {
      if (subjectIds.length === 0) return new Set<string>();
      const { rows } = await pool.query<Pick<KeyRow, 'subject_id'>>(
        `select subject_id from core.personal_data_keys
         where subject_id = any($1::text[]) and forgotten_at is not null`,
        [[...new Set(subjectIds)]],
      );
      return new Set(rows.map((row) => row.subject_id));
    },
    async forget(subjectId) {
      cache.delete(subjectId);
      // `previous` sees the row as it was before the upsert (one snapshot for the whole statement); the upsert
      // replaces a key or a key created concurrently, or writes a tombstone where there was no row.
      const { rows } = await pool.query<{ had_key: boolean }>(
        `with previous as (
           select wrapped_key is not null as had_key from core.personal_data_keys where subject_id = $1
         ), tombstone as (
           insert into core.personal_data_keys (subject_id, wrapped_key, master_key_id, forgotten_at)
           values ($1, null, null, now())
           on conflict (subject_id) do update
             set wrapped_key = null, master_key_id = null,
                 forgotten_at = coalesce(core.personal_data_keys.forgotten_at, now())
           returning 1
         )
         select coalesce((select had_key from previous), false) as had_key, (select count(*) from tombstone) as n`,
        [subjectId],
      );
      // Again after: a read of this node that loaded the key while the statement ran may have cached it.
      cache.delete(subjectId);
      return rows[0]?.had_key === true;
    },
  };
}

/**
 * Fails when the stored keys were wrapped with another master key: a start with the wrong key stops with a
 * clear message instead of failing at the first read of a person's data.
 */
export async function assertMasterKeyMatches(pool: pg.Pool, masterKey: MasterKey): Promise<void> {
  const { rows } = await pool.query<{ master_key_id: NonNullable<KeyRow['master_key_id']> }>(
    'select master_key_id from core.personal_data_keys where master_key_id <> $1 limit 1',
    [masterKey.id],
  );
  const other = rows[0];
  if (other) {
    throw new PersonalDataMasterKeyError(
      `PERSONAL_DATA_MASTER_KEY (fingerprint ${masterKey.id}) is not the key the personal data keys were wrapped with (fingerprint ${other.master_key_id})`,
    );
  }
}
