import { createSecretKey, randomBytes } from 'node:crypto';
import {
  type PersonalDataKey,
  type PersonalDataKeys,
  SubjectForgottenError,
} from '../../../application/personal-data/index.ts';

/**
 * Keys in a Map, for unit tests of the codec and the decorator; counts the key store's batches. A forgotten
 * subject keeps a tombstone, as in PostgreSQL: no key is created for them again.
 */
export function memoryPersonalDataKeys(): PersonalDataKeys & { readonly calls: string[][] } {
  const keys = new Map<string, PersonalDataKey>();
  const forgotten = new Set<string>();
  const calls: string[][] = [];
  const getOrCreate = (subjectId: string) => {
    if (forgotten.has(subjectId)) throw new SubjectForgottenError(subjectId);
    const key = keys.get(subjectId) ?? { subjectId, key: createSecretKey(randomBytes(32)) };
    keys.set(subjectId, key);
    return key;
  };
  return {
    calls,
    getOrCreate: (subjectId) => Promise.resolve().then(() => getOrCreate(subjectId)),
    getOrCreateMany(subjectIds) {
      calls.push([...subjectIds]);
      return Promise.resolve().then(() => new Map(subjectIds.map((id) => [id, getOrCreate(id)])));
    },
    get: (subjectId) => Promise.resolve(keys.get(subjectId) ?? null),
    getMany(subjectIds) {
      calls.push([...subjectIds]);
      return Promise.resolve(new Map(subjectIds.map((id) => [id, keys.get(id) ?? null])));
    },
    forgottenAmong: (subjectIds) =>
      Promise.resolve(new Set(subjectIds.filter((subjectId) => forgotten.has(subjectId)))),
    forget(subjectId) {
      forgotten.add(subjectId);
      return Promise.resolve(keys.delete(subjectId));
    },
  };
}
