/**
 * Cost of crypto-shredding for an import: data keys for N people (default 100,000) created in bulk, then
 * each person's EmployeeRegistered encrypted and decrypted through the codec the event store decorator uses,
 * with keys from the PostgreSQL key store (its LRU warm, then cold).
 *
 *   npx tsx bench/personal-data.ts     BENCH_PEOPLE (default 100000); BENCH_DATABASE_URL names the server.
 *
 * The last line of stdout is one JSON object with the timings.
 */
import { randomBytes } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../application/ports/index.ts';
import {
  createPersonalDataCodec,
  defaultPersonalDataLenses,
  employeeSubject,
} from '../application/personal-data/index.ts';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../infrastructure/personal-data/index.ts';
import { migrateToLatest } from '../infrastructure/postgres/index.ts';
import { createBenchDatabase } from './support/bench-database.ts';
import { eventMetadata } from './support/payloads.ts';

const PEOPLE = Number(process.env['BENCH_PEOPLE'] ?? 100_000);
const BATCH = 1000;

function registered(i: number): NewEvent {
  return {
    type: 'EmployeeRegistered',
    data: {
      employeeId: `bench-${i}`,
      departmentId: null,
      details: {
        fullName: `Иванов Иван Иванович ${i}`,
        position: 'Инженер',
        workPhone: `+7 495 123-45-${i % 100}`,
        mobilePhone: `+7 916 765-43-${i % 100}`,
        extension: String(1000 + (i % 9000)),
        email: `ivanov.${i}@example.com`,
        room: '305',
        notes: null,
      },
    },
    metadata: eventMetadata(),
  };
}

function recorded(events: readonly NewEvent[], from: number): RecordedEvent[] {
  return events.map((event, i) => ({
    eventId: '00000000-0000-4000-8000-000000000000',
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    schemaVersion: 1,
    streamId: `employee-bench-${from + i}`,
    revision: 0,
    position: BigInt(from + i + 1),
    checkpoint: { transactionId: 1n, position: BigInt(from + i + 1) },
    recordedAt: new Date(0),
  }));
}

/** Wall time, and this process's CPU time: on a shared, loaded machine the CPU time is the honest cost. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const database = await createBenchDatabase();
try {
  const handle = database.open(4);
  await migrateToLatest(handle.db);
  const masterKey = masterKeyOf(randomBytes(32));
  const keys = createPostgresPersonalDataKeys({ pool: handle.pool, masterKey, cacheEntries: PEOPLE });
  const codec = createPersonalDataCodec({ keys, lenses: defaultPersonalDataLenses });
  const events = Array.from({ length: PEOPLE }, (_, i) => registered(i));
  const subjects = events.map((_, i) => employeeSubject(`bench-${i}`));

  const create = await timed(() => keys.getOrCreateMany(subjects));
  const protect = await timed(async () => {
    const out: NewEvent[] = [];
    for (let i = 0; i < PEOPLE; i += BATCH) out.push(...(await codec.protect(events.slice(i, i + BATCH))));
    return out;
  });
  const stored = protect.value;
  const revealAll = (with_: typeof codec) =>
    timed(async () => {
      for (let i = 0; i < PEOPLE; i += BATCH) await with_.reveal(recorded(stored.slice(i, i + BATCH), i));
    });
  const reveal = await revealAll(codec);
  // A fresh key store: every key read and unwrapped from the database, as a rebuild on a new node does.
  const cold = createPostgresPersonalDataKeys({ pool: handle.pool, masterKey });
  const revealCold = await revealAll(
    createPersonalDataCodec({ keys: cold, lenses: defaultPersonalDataLenses }),
  );
  await handle.close();

  const us = (ms: number) => Math.round((ms * 1000 * 100) / PEOPLE) / 100;
  const result = {
    people: PEOPLE,
    create_keys_ms: Math.round(create.ms),
    create_keys_cpu_ms: Math.round(create.cpuMs),
    encrypt_us_per_event: us(protect.ms),
    encrypt_cpu_us_per_event: us(protect.cpuMs),
    decrypt_us_per_event: us(reveal.ms),
    decrypt_cpu_us_per_event: us(reveal.cpuMs),
    decrypt_cold_keys_us_per_event: us(revealCold.ms),
    decrypt_cold_keys_cpu_us_per_event: us(revealCold.cpuMs),
    bytes_per_event_plain: JSON.stringify(events[0]?.data).length,
    bytes_per_event_encrypted: JSON.stringify(stored[0]?.data).length,
  };
  console.log(JSON.stringify(result));
} finally {
  await database.drop();
}
