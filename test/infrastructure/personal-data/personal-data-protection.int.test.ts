import anyTest, { type TestFn } from 'ava';
import type { NewEvent } from '../../../application/ports/index.ts';
import {
  employeeSubject,
  withPersonalDataInAudit,
  withPersonalDataProtection,
} from '../../../application/personal-data/index.ts';
import type { EmployeeDetails } from '../../../domain/employees/index.ts';
import { createPostgresAuditEventLog } from '../../../infrastructure/audit/index.ts';
import {
  type PostgresEventStore,
  createPostgresEventStore,
} from '../../../infrastructure/event-store/index.ts';
import {
  type MasterKey,
  PersonalDataMasterKeyError,
  assertMasterKeyMatches,
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import type { PersonalDataKeys } from '../../../application/personal-data/index.ts';
import { testMetadata, uniqueStream } from '../../support/event-fixtures.ts';
import { eventually } from '../../support/eventually.ts';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.ts';
import { type ContractContext, eventStoreContract } from '../../application/ports/event-store-contract.ts';

interface Context extends ContractContext {
  database: TestDatabase;
  raw: PostgresEventStore;
  keys: PersonalDataKeys;
}

const test = anyTest as TestFn<Context>;

function testMasterKey(hex: string): MasterKey {
  const key = parseMasterKey(hex);
  if (!key) throw new Error('test master key does not parse');
  return key;
}

const masterKey = testMasterKey('0'.repeat(63) + '1');

test.before(async (t) => {
  const database = await createTestDatabase({ poolMax: 4 });
  t.context.database = database;
  t.context.raw = createPostgresEventStore({ pool: database.pool, url: database.url, pollIntervalMs: 200 });
  t.context.keys = createPostgresPersonalDataKeys({ pool: database.pool, masterKey });
  t.context.store = withPersonalDataProtection(t.context.raw, { keys: t.context.keys });
});

test.after.always(async (t) => {
  await t.context.raw?.close();
  await t.context.database?.drop();
});

// The decorated store is still an event store: the whole contract passes through it.
eventStoreContract(test as unknown as TestFn<ContractContext>);

const details = (n: string): EmployeeDetails => ({
  fullName: `Сидоров Пётр ${n}`,
  position: 'Бухгалтер',
  workPhone: `+7 495 111-${n}`,
  mobilePhone: `+7 916 222-${n}`,
  extension: `7${n}`,
  email: `sidorov.${n}@example.com`,
  room: '210',
  notes: `Заметка ${n}`,
});

// Needles that ciphertext cannot contain by chance: base64url and hex have no space (`111-01` alone would
// turn up in a few kilobytes of base64url now and then).
const PLAINTEXTS = ['Сидоров', '495 111-', '916 222-', 'sidorov.', 'Заметка', 'перевод Сидорова'];

function employeeEvents(id: string): NewEvent[] {
  return [
    {
      type: 'EmployeeRegistered',
      data: { employeeId: id, departmentId: null, details: details('01') },
      metadata: testMetadata,
    },
    {
      type: 'EmployeeDetailsChanged',
      data: { employeeId: id, changes: [{ field: 'workPhone', from: '+7 495 111-01', to: '+7 495 111-02' }] },
      metadata: { ...testMetadata, reason: 'перевод Сидорова' },
    },
  ];
}

async function rawText(database: TestDatabase, streamId: string): Promise<string> {
  const { rows } = await database.pool.query<{ text: string }>(
    `select coalesce(string_agg(data::text || metadata::text, ' '), '') as text from es.events where stream_id = $1`,
    [streamId],
  );
  return rows[0]?.text ?? '';
}

test('keeps no plaintext personal data in es.events, and reads it back decrypted', async (t) => {
  const { store, database } = t.context;
  const id = uniqueStream('e');
  const stream = employeeSubject(id);
  await store.append(stream, employeeEvents(id), {
    expectedRevision: 'no_stream',
    idempotencyKey: `k-${id}`,
  });
  // The same idempotent append again: nothing written, nothing leaked.
  const again = await store.append(stream, employeeEvents(id), { idempotencyKey: `k-${id}` });
  t.true(again.duplicate);

  const text = await rawText(database, stream);
  t.regex(text, /pd1:/);
  for (const plain of PLAINTEXTS) t.false(text.includes(plain), plain);

  const events = await store.readStream(stream);
  t.deepEqual(
    events.map((e) => e.data),
    employeeEvents(id).map((e) => e.data),
  );
  t.is(events[1]?.metadata.reason, 'перевод Сидорова');
  // readAll shows an event once older transactions (of concurrent tests) have ended.
  const all = await eventually(async () => {
    const read = await store.readAll(null, { filter: { streamPrefix: stream } });
    return read.length === 2 ? read : null;
  });
  t.deepEqual(
    all?.map((e) => e.data),
    employeeEvents(id).map((e) => e.data),
  );
});

test('subscriptions read decrypted events', async (t) => {
  const { store } = t.context;
  const id = uniqueStream('e');
  const stream = employeeSubject(id);
  await store.append(stream, employeeEvents(id));
  const controller = new AbortController();
  for await (const batch of store.subscribeBatches(null, {
    filter: { streamPrefix: stream },
    signal: controller.signal,
  })) {
    t.deepEqual(
      batch.map((e) => e.data),
      employeeEvents(id).map((e) => e.data),
    );
    break;
  }
  for await (const event of store.subscribe(null, {
    filter: { streamPrefix: stream },
    signal: controller.signal,
  })) {
    t.deepEqual(event.data, employeeEvents(id)[0]?.data);
    break;
  }
  controller.abort();
});

test('after forgetting, reads yield null and no plaintext is left in the database', async (t) => {
  const { store, keys, database } = t.context;
  const id = uniqueStream('e');
  const stream = employeeSubject(id);
  await store.append(stream, employeeEvents(id));
  t.true(await keys.forget(stream));
  t.false(await keys.forget(stream));

  const [registered, changed] = await store.readStream(stream);
  t.deepEqual(registered?.data, {
    employeeId: id,
    departmentId: null,
    details: {
      fullName: null,
      position: 'Бухгалтер',
      workPhone: null,
      mobilePhone: null,
      extension: null,
      email: null,
      room: '210',
      notes: null,
    },
  });
  t.deepEqual(changed?.data, { employeeId: id, changes: [{ field: 'workPhone', from: null, to: null }] });
  t.is(changed?.metadata.reason, undefined);

  const { rows } = await database.pool.query<{ keys: number; tombstones: number }>(
    `select count(wrapped_key)::int as keys, count(forgotten_at)::int as tombstones
     from core.personal_data_keys where subject_id = $1`,
    [stream],
  );
  t.deepEqual(rows[0], { keys: 0, tombstones: 1 }, 'the key is gone, its tombstone stays');
  const everything = await database.pool.query<{ text: string }>(
    `select (select string_agg(data::text || metadata::text, ' ') from es.events)
         || (select coalesce(string_agg(subject_id || encode(wrapped_key, 'hex'), ' '), '') from core.personal_data_keys) as text`,
  );
  const text = everything.rows[0]?.text ?? '';
  for (const plain of PLAINTEXTS) t.false(text.includes(plain), plain);
});

test('creates keys for a batch of people in bulk, once each', async (t) => {
  const { keys, database } = t.context;
  const subjects = Array.from({ length: 2000 }, (_, i) => `bulk-${i}`);
  const first = await keys.getOrCreateMany(subjects);
  t.is(first.size, 2000);
  const fresh = createPostgresPersonalDataKeys({ pool: database.pool, masterKey: masterKey });
  const again = await fresh.getOrCreateMany([...subjects, 'bulk-new']);
  t.is(again.size, 2001);
  const probe = Buffer.from('probe');
  const [a, b] = [first.get('bulk-7')?.key.export(), again.get('bulk-7')?.key.export()];
  t.true(a !== undefined && b !== undefined && a.equals(b) && !a.equals(probe));
  const missing = await fresh.getMany(['bulk-1', 'nobody']);
  t.truthy(missing.get('bulk-1'));
  t.is(missing.get('nobody'), null);
});

test('names a wrong master key instead of decrypting garbage', async (t) => {
  const { keys, database } = t.context;
  await keys.getOrCreate('someone');
  const wrong = testMasterKey('f'.repeat(64));
  await t.throwsAsync(assertMasterKeyMatches(database.pool, wrong), {
    instanceOf: PersonalDataMasterKeyError,
  });
  const other = createPostgresPersonalDataKeys({ pool: database.pool, masterKey: wrong });
  await t.throwsAsync(other.get('someone'), {
    instanceOf: PersonalDataMasterKeyError,
    message: /master key/,
  });
  await t.notThrowsAsync(assertMasterKeyMatches(database.pool, masterKey));
});

test('the audit log shows personal data decrypted, then nothing of it once forgotten', async (t) => {
  const { store, keys, database } = t.context;
  const id = uniqueStream('e');
  const stream = employeeSubject(id);
  await store.append(stream, employeeEvents(id));
  const raw = createPostgresAuditEventLog({ pool: database.pool });
  const audit = withPersonalDataInAudit(raw, { keys });
  const read = async (log: typeof raw) => {
    const pages: unknown[] = [];
    for await (const page of log.streamPages(stream)) pages.push(...page.map((e) => [e.data, e.metadata]));
    const head = await log.head();
    const last = head ? await log.last({ streamId: stream }, 5, head) : [];
    return JSON.stringify([pages, last.map((e) => [e.data, e.metadata])]);
  };

  const before = await read(audit);
  t.true(before.includes('Сидоров Пётр 01') && before.includes('перевод Сидорова'));
  const opaque = await read(raw);
  for (const plain of PLAINTEXTS) t.false(opaque.includes(plain), plain);

  await keys.forget(stream);
  const after = await read(audit);
  for (const plain of PLAINTEXTS) t.false(after.includes(plain), plain);
  t.true(after.includes('"fullName":null'));
});

test('appendMany encrypts every stream of a bulk append', async (t) => {
  const { store, database } = t.context;
  const ids = [uniqueStream('e'), uniqueStream('e')];
  await store.appendMany(ids.map((id) => ({ streamId: employeeSubject(id), events: employeeEvents(id) })));
  for (const id of ids) {
    const text = await rawText(database, employeeSubject(id));
    t.regex(text, /pd1:/);
    for (const plain of PLAINTEXTS) t.false(text.includes(plain), plain);
    const events = await store.readStream(employeeSubject(id));
    t.deepEqual(
      events.map((e) => e.data),
      employeeEvents(id).map((e) => e.data),
    );
  }
});
