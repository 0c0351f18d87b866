/**
 * Where an import's time goes, without touching the import: its reader, its key store and its event store (the
 * raw one and the protected one around it) wrapped so each call is timed. What is left of the wall time is the
 * planning (matching rows, deciding events) and the workspace's bookkeeping.
 */
import { performance } from 'node:perf_hooks';
import type { EmployeeSheetReader } from '../../application/employees/employee-sheet.ts';
import type { EventStore } from '../../application/ports/index.ts';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';

/** Milliseconds and calls per phase, added up as the import runs. */
export interface PhaseClock {
  readonly ms: Map<string, number>;
  readonly calls: Map<string, number>;
  /** Runs `work`, adding its time to `phase`. */
  time<T>(phase: string, work: () => Promise<T>): Promise<T>;
  /** Forgets everything timed so far (between the import and the projection). */
  reset(): void;
}

export function phaseClock(): PhaseClock {
  const ms = new Map<string, number>();
  const calls = new Map<string, number>();
  return {
    ms,
    calls,
    async time(phase, work) {
      const began = performance.now();
      try {
        return await work();
      } finally {
        ms.set(phase, (ms.get(phase) ?? 0) + performance.now() - began);
        calls.set(phase, (calls.get(phase) ?? 0) + 1);
      }
    },
    reset() {
      ms.clear();
      calls.clear();
    },
  };
}

/** Phase names, one per wrapped call. */
export const PHASES = {
  parse: 'parse (worker)',
  keysCreate: 'keys: get or create',
  keysGet: 'keys: get',
  protectedAppend: 'appendMany (protected)',
  rawAppend: 'appendMany (SQL)',
  protectedRead: 'readAll (protected)',
  rawRead: 'readAll (SQL)',
} as const;

export function timedReader(reader: EmployeeSheetReader, clock: PhaseClock): EmployeeSheetReader {
  return { read: (buffer, options) => clock.time(PHASES.parse, () => reader.read(buffer, options)) };
}

export function timedKeys(keys: PersonalDataKeys, clock: PhaseClock): PersonalDataKeys {
  return {
    ...keys,
    getOrCreateMany: (subjectIds) => clock.time(PHASES.keysCreate, () => keys.getOrCreateMany(subjectIds)),
    getMany: (subjectIds) => clock.time(PHASES.keysGet, () => keys.getMany(subjectIds)),
  };
}

/** The store with `appendMany` and `readAll` timed under `append` and `read`. */
export function timedStore(store: EventStore, clock: PhaseClock, append: string, read: string): EventStore {
  return {
    ...store,
    appendMany: (appends) => clock.time(append, () => store.appendMany(appends)),
    readAll: (from, options) => clock.time(read, () => store.readAll(from, options)),
  };
}
