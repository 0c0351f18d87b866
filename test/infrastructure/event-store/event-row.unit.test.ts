import test from 'ava';
import { UnreadableEventError } from '../../../application/ports/index.ts';
import { type EventRow, toRecordedEvent } from '../../../infrastructure/event-store/postgres/event-row.ts';

const row: EventRow = {
  position: '42',
  transaction_id: '7',
  event_id: 'e0000000-0000-4000-8000-000000000042',
  stream_id: 'employee-1',
  revision: '3',
  type: 'EmployeeRegistered',
  schema_version: 1,
  data: { fullName: 'Иванов' },
  metadata: {},
  recorded_at: new Date(0),
};

test('an upcaster failing on a row is an UnreadableEventError naming the event, for a projection to park on', (t) => {
  const failing = {
    type: 'EmployeeRegistered',
    fromVersion: 1,
    upcast: () => {
      throw new TypeError('cannot upcast');
    },
  };
  const error = t.throws(() => toRecordedEvent(row, [failing]), { instanceOf: UnreadableEventError });
  t.deepEqual(error?.event, {
    eventId: row.event_id,
    type: 'EmployeeRegistered',
    streamId: 'employee-1',
    position: 42n,
    checkpoint: { transactionId: 7n, position: 42n },
  });
  t.true(error?.cause instanceof TypeError);
  t.false(error?.message.includes('Иванов'));
});
