import { createSecretKey, randomBytes } from 'node:crypto';
import type { PersonalDataKey, PersonalDataKeys } from '../../../application/personal-data/index.ts';

/** Keys in a Map, for unit tests of the codec and the decorator; counts the key store's batches. */
export function memoryPersonalDataKeys(): PersonalDataKeys & { readonly calls: string[][] } {
  const keys = new Map<string, PersonalDataKey>();
  const calls: string[][] = [];
  const getOrCreate = (subjectId: string) => {
    const key = keys.get(subjectId) ?? { subjectId, key: createSecretKey(randomBytes(32)) };
    keys.set(subjectId, key);
    return key;
  };
  return {
    calls,
    getOrCreate: (subjectId) => Promise.resolve(getOrCreate(subjectId)),
    getOrCreateMany(subjectIds) {
      calls.push([...subjectIds]);
      return Promise.resolve(new Map(subjectIds.map((id) => [id, getOrCreate(id)])));
    },
    get: (subjectId) => Promise.resolve(keys.get(subjectId) ?? null),
    getMany(subjectIds) {
      calls.push([...subjectIds]);
      return Promise.resolve(new Map(subjectIds.map((id) => [id, keys.get(id) ?? null])));
    },
    forget: (subjectId) => Promise.resolve(keys.delete(subjectId)),
  };
}
