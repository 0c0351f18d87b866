import test from 'ava';
import { type NewEvent, type RecordedEvent, UnreadableEventError } from '../../../application/ports/index.ts';
import {
  PersonalDataDecryptionError,
  createPersonalDataCodec,
  employeeLenses,
} from '../../../application/personal-data/index.ts';
import type { EmployeeDetails } from '../../../domain/employees/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { memoryPersonalDataKeys } from './memory-personal-data-keys.ts';

const details: EmployeeDetails = {
  fullName: 'Иванов Иван',
  position: 'Инженер',
  workPhone: '+7 495 000-00-01',
  mobilePhone: null,
  extension: '1234',
  email: 'ivanov@example.com',
  room: '305',
  notes: 'Аллергия на пыль',
};

const registered: NewEvent = {
  type: 'EmployeeRegistered',
  data: { employeeId: 'e1', departmentId: 'd1', details },
  metadata: { ...testMetadata, reason: 'принят Иванов' },
};
const changed: NewEvent = {
  type: 'EmployeeDetailsChanged',
  data: {
    employeeId: 'e1',
    changes: [
      { field: 'workPhone', from: '+7 495 000-00-01', to: '+7 495 000-00-02' },
      { field: 'room', from: '305', to: '306' },
      { field: 'email', from: 'ivanov@example.com', to: null },
    ],
  },
  metadata: testMetadata,
};
const moved: NewEvent = {
  type: 'EmployeeMoved',
  data: { employeeId: 'e1', from: 'd1', to: 'd2' },
  metadata: testMetadata,
};
const other: NewEvent = {
  type: 'Renamed',
  data: { name: 'Иванов' },
  metadata: { ...testMetadata, reason: 'Иванов' },
};

function setUp() {
  const keys = memoryPersonalDataKeys();
  return { keys, codec: createPersonalDataCodec({ keys, lenses: employeeLenses }) };
}

const record = (events: readonly NewEvent[]): RecordedEvent[] => recordedLog().append('employee-e1', events);

test('encrypts exactly the personal fields and the reason of employee events', async (t) => {
  const { codec } = setUp();
  const [r, c, m, o] = await codec.protect([registered, changed, moved, other]);
  const text = JSON.stringify([r, c, m]);
  for (const plain of ['Иванов', '000-00-01', '000-00-02', 'ivanov@', '1234', 'Аллергия']) {
    t.false(text.includes(plain), plain);
  }
  t.like(r?.data, {
    employeeId: 'e1',
    departmentId: 'd1',
    details: { position: 'Инженер', room: '305', mobilePhone: null },
  });
  t.regex(JSON.stringify(r?.data), /"fullName":"pd1:/);
  t.regex(r?.metadata.reason ?? '', /^pd1:/);
  t.like(c?.data, {
    changes: [
      { field: 'workPhone' },
      { field: 'room', from: '305', to: '306' },
      { field: 'email', to: null },
    ],
  });
  t.deepEqual(m?.data, moved.data);
  t.deepEqual(o, other);
});

test('decrypts what it encrypted', async (t) => {
  const { codec } = setUp();
  const revealed = await codec.reveal(record(await codec.protect([registered, changed, moved, other])));
  t.deepEqual(
    revealed.map((event) => [event.data, event.metadata]),
    [registered, changed, moved, other].map((event) => [event.data, event.metadata]),
  );
});

test('reads the personal fields and reason of a forgotten person as null, the facts unchanged', async (t) => {
  const { codec, keys } = setUp();
  const recorded = record(await codec.protect([registered, changed]));
  t.true(await keys.forget('employee-e1'));
  const [r, c] = await codec.reveal(recorded);
  t.deepEqual(r?.data, {
    employeeId: 'e1',
    departmentId: 'd1',
    details: { ...details, fullName: null, workPhone: null, extension: null, email: null, notes: null },
  });
  t.false(r !== undefined && 'reason' in r.metadata);
  t.deepEqual(c?.data, {
    employeeId: 'e1',
    changes: [
      { field: 'workPhone', from: null, to: null },
      { field: 'room', from: '305', to: '306' },
      { field: 'email', from: null, to: null },
    ],
  });
});

test('asks the key store once per batch, for each subject once', async (t) => {
  const { codec, keys } = setUp();
  const second: NewEvent = { ...registered, data: { employeeId: 'e2', departmentId: null, details } };
  await codec.protect([registered, changed, second, other]);
  t.deepEqual(keys.calls, [['employee-e1', 'employee-e2']]);
  await codec.protect([other]);
  t.is(keys.calls.length, 1);
});

test("fails loudly on a value that does not authenticate with the person's key", async (t) => {
  const { codec } = setUp();
  const [encrypted] = await codec.protect([registered]);
  await codec.protect([{ ...registered, data: { employeeId: 'e2', departmentId: null, details } }]);
  // e1's ciphertexts presented as e2's: e2 has a key, and it does not open them.
  const swapped: NewEvent = { ...registered, data: { ...(encrypted?.data ?? {}), employeeId: 'e2' } };
  const error = await t.throwsAsync(codec.reveal(record([swapped])), { instanceOf: UnreadableEventError });
  t.true(error?.cause instanceof PersonalDataDecryptionError);
  t.is(error?.event.type, 'EmployeeRegistered', 'it names the event, for a projection to park on');
});
