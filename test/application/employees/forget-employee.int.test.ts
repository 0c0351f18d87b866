import anyTest, { type TestFn } from 'ava';
import {
  type EmployeeCommands,
  makeEmployeeCommands,
  makeForgetEmployee,
} from '../../../application/employees/index.ts';
import {
  type ForgetPerson,
  type PersonalDataKeys,
  employeeSubject,
  makeForgetPerson,
  withPersonalDataProtection,
} from '../../../application/personal-data/index.ts';
import { type EventStore, randomIds } from '../../../application/ports/index.ts';
import {
  createPostgresPersonalDataKeys,
  parseMasterKey,
} from '../../../infrastructure/personal-data/index.ts';
import { createMemoryLeaseManager } from '../../../infrastructure/leases/index.ts';
import { createProjectionRunner, forgottenKeysProjector } from '../../../projections/index.ts';
import { captureLogger } from '../../support/capture-logger.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { type ProjectionStoreContext, withProjectionStore } from '../../support/event-store-fixture.ts';
import { eventually } from '../../support/eventually.ts';

// Forgetting an employee against PostgreSQL: the order of its two steps (append `EmployeeForgotten`, then
// delete the key), the crash between them, and writes racing the forget.
interface Context extends ProjectionStoreContext {
  keys: PersonalDataKeys;
  protectedStore: EventStore;
  employees: EmployeeCommands;
}
const test = anyTest as TestFn<Context>;
withProjectionStore(test, { poolMax: 6, pollIntervalMs: 100 });

const masterKey = parseMasterKey('0'.repeat(63) + '7');

test.before((t) => {
  if (!masterKey) throw new Error('test master key does not parse');
  t.context.keys = createPostgresPersonalDataKeys({ pool: t.context.database.pool, masterKey });
  t.context.protectedStore = withPersonalDataProtection(t.context.store, { keys: t.context.keys });
  t.context.employees = makeEmployeeCommands({ store: t.context.protectedStore, ids: randomIds });
});

const REASON = 'запрос Иванова Ивана №17';
const forgetWrite = (idempotencyKey: string) => ({
  metadata: { ...testMetadata, reason: REASON },
  idempotencyKey,
});

// The OTRS customer subjects an employee's forget also forgets are tested through the API (forget-otrs).
const noRelatedSubjects = () => Promise.resolve([]);

const forgetter = (t: { context: Context }, forgetPerson?: ForgetPerson) =>
  makeForgetEmployee({
    store: t.context.protectedStore,
    employees: t.context.employees,
    forgetPerson: forgetPerson ?? makeForgetPerson({ keys: t.context.keys }),
    relatedSubjects: noRelatedSubjects,
  });

const rawText = async (t: { context: Context }, employeeId: string) =>
  (
    await t.context.database.pool.query<{ text: string | null }>(
      `select string_agg(type || ' ' || data::text || ' ' || metadata::text, ' ') as text
       from es.events where stream_id = $1`,
      [`employee-${employeeId}`],
    )
  ).rows[0]?.text ?? '';

const keyRow = async (t: { context: Context }, employeeId: string) =>
  (
    await t.context.database.pool.query<{ has_key: boolean; forgotten: boolean }>(
      `select wrapped_key is not null as has_key, forgotten_at is not null as forgotten
       from core.personal_data_keys where subject_id = $1`,
      [employeeSubject(employeeId)],
    )
  ).rows[0] ?? null;

test('the reason of EmployeeForgotten is encrypted with the key, and unreadable once it is gone', async (t) => {
  const { employeeId } = await t.context.employees.register(
    { fullName: 'Иванов Иван' },
    { metadata: testMetadata },
  );
  await forgetter(t)(employeeId, forgetWrite('forget-reason-1'));

  const text = await rawText(t, employeeId);
  t.true(text.includes('EmployeeForgotten'));
  t.false(text.includes(REASON), 'the reason is nowhere in es.events as written');
  t.false(text.includes('Иванов'));
  const events = await t.context.protectedStore.readStream(`employee-${employeeId}`);
  const forgotten = events.find((event) => event.type === 'EmployeeForgotten');
  t.truthy(forgotten);
  t.is(forgotten?.metadata.reason, undefined, 'read back, the reason is gone with the key');
  t.like(await keyRow(t, employeeId), { has_key: false, forgotten: true });
});

test('a failed key deletion after the append answers the committed forget; a retry deletes the key', async (t) => {
  const { employeeId } = await t.context.employees.register(
    { fullName: 'Петров Пётр' },
    { metadata: testMetadata },
  );
  const keys = makeForgetPerson({ keys: t.context.keys });
  let crash = true;
  const crashing: ForgetPerson = (subjectId) => {
    if (crash) return Promise.reject(new Error('the database went away here'));
    return keys(subjectId);
  };
  const deferred: string[] = [];
  const forget = makeForgetEmployee({
    store: t.context.protectedStore,
    employees: t.context.employees,
    forgetPerson: crashing,
    relatedSubjects: noRelatedSubjects,
    onFollowUpFailed: (subjectId) => deferred.push(subjectId),
  });

  const first = await forget(employeeId, forgetWrite('forget-crash-1'));
  t.false(first.duplicate, 'the committed forget is answered as done, not as a failure');
  t.deepEqual(deferred, [employeeSubject(employeeId)], 'the deferred deletion is told to the caller');
  t.true((await rawText(t, employeeId)).includes('EmployeeForgotten'), 'EmployeeForgotten came first');
  t.like(await keyRow(t, employeeId), { has_key: true }, 'the key is still there: the forget is not done');

  crash = false;
  const retry = await forget(employeeId, forgetWrite('forget-crash-1'));
  t.true(retry.duplicate, 'the retry appends nothing more');
  t.like(await keyRow(t, employeeId), { has_key: false, forgotten: true });
  // Without an idempotency key (a second `tbot employees forget`), a leftover key goes too.
  const other = await t.context.employees.register({ fullName: 'Сидоров' }, { metadata: testMetadata });
  crash = true;
  await forget(other.employeeId, { metadata: { ...testMetadata, reason: REASON } });
  t.like(await keyRow(t, other.employeeId), { has_key: true });
  crash = false;
  const again = await forget(other.employeeId, { metadata: { ...testMetadata, reason: REASON } });
  t.deepEqual(again.events, []);
  t.like(await keyRow(t, other.employeeId), { has_key: false, forgotten: true });
});

test('a write racing the forget finds the tombstone: no new key, the older events still read', async (t) => {
  const { employees, keys, protectedStore } = t.context;
  const { employeeId } = await employees.register(
    { fullName: 'Гонкин Глеб', email: 'g@example.ru' },
    { metadata: testMetadata },
  );
  // The key is deleted by a forget whose EmployeeForgotten is not in the stream yet: the edit's command
  // sees a live employee, and only the key store can stop it.
  t.true(await keys.forget(employeeSubject(employeeId)));
  const edit = await t.throwsAsync(
    employees.changeDetails(
      employeeId,
      { room: '404' },
      { metadata: { ...testMetadata, reason: 'Гонкин moved' } },
    ),
  );
  t.like(edit, { code: 'PERSONAL_DATA.SUBJECT_FORGOTTEN' });
  t.like(await keyRow(t, employeeId), { has_key: false, forgotten: true }, 'no key was created');
  const events = await protectedStore.readStream(`employee-${employeeId}`);
  t.is(events.length, 1, 'the edit appended nothing');
  t.like(events[0]?.data, { details: { fullName: null, email: null } });
  await t.throwsAsync(keys.getOrCreateMany(['employee-other-fresh', employeeSubject(employeeId)]), {
    code: 'PERSONAL_DATA.SUBJECT_FORGOTTEN',
  });
  t.false(await keys.forget(employeeSubject(employeeId)), 'forgetting again: no key was there');
});

test('a forget whose process died before deleting the key is completed by the forgotten-keys projection', async (t) => {
  const { employeeId } = await t.context.employees.register(
    { fullName: 'Брошенный Борис' },
    { metadata: testMetadata },
  );
  const died: ForgetPerson = () => Promise.reject(new Error('the process died here'));
  await forgetter(t, died)(employeeId, forgetWrite('forget-died-1'));
  t.like(await keyRow(t, employeeId), { has_key: true }, 'nobody retries');

  const runner = createProjectionRunner({
    projectors: [forgottenKeysProjector],
    eventStore: t.context.protectedStore,
    projectionStore: t.context.projections,
    leases: createMemoryLeaseManager({ nodeId: 'node-a' }),
    nodeId: 'node-a',
    logger: captureLogger(),
    options: { leaseTtlMs: 600, idlePollMs: 50, retryBaseMs: 5 },
  });
  await runner.start();
  t.teardown(() => runner.stop());
  t.true(await eventually(async () => (await keyRow(t, employeeId))?.has_key === false));
  t.like(await keyRow(t, employeeId), { forgotten: true });
  // Read as a node that has not cached the key does (a node's cache keeps it up to its TTL, 30 s by default).
  if (!masterKey) throw new Error('test master key does not parse');
  const keys = createPostgresPersonalDataKeys({ pool: t.context.database.pool, masterKey });
  const events = await withPersonalDataProtection(t.context.store, { keys }).readStream(
    `employee-${employeeId}`,
  );
  t.like(events[0]?.data, { details: { fullName: null } }, 'their data is unreadable now');
});

test('edits in the forget, between its append and its key deletion and after, are refused and make no key', async (t) => {
  const { employees, keys } = t.context;
  const { employeeId } = await employees.register(
    { fullName: 'Вставкин Виктор' },
    { metadata: testMetadata },
  );
  const edit = () =>
    employees.changeDetails(employeeId, { room: '12' }, { metadata: testMetadata }).then(
      () => 'committed',
      (error: unknown) => (error as { code?: string }).code,
    );
  const edits: (string | undefined)[] = [];
  const forgetPerson: ForgetPerson = async (subjectId) => {
    edits.push(await edit());
    const had = await keys.forget(subjectId);
    edits.push(await edit());
    return had;
  };
  await forgetter(t, forgetPerson)(employeeId, forgetWrite('forget-race-2'));
  t.deepEqual(edits, ['EMPLOYEE.FORGOTTEN', 'EMPLOYEE.FORGOTTEN']);
  t.like(await keyRow(t, employeeId), { has_key: false, forgotten: true });
});
