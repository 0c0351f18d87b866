import test from 'ava';
import { failureSummary } from '../../../application/projections/index.ts';
import { UnreadableEventError } from '../../../application/ports/index.ts';
import { PersonalDataDecryptionError } from '../../../application/personal-data/index.ts';

/** The shape of a `pg` DatabaseError: `name` is `error`, the SQLSTATE is `code`, the row is in `detail`. */
class DatabaseError extends Error {
  override name = 'error';
  severity = 'ERROR';
  code = '23505';
  constraint = 'employees_email_key';
  table = 'employees';
  detail = 'Key (email)=(ivanov@example.ru) already exists.';
}

test('keeps the class, code, SQLSTATE and schema names of a failure, never its message or detail', (t) => {
  const pg = new DatabaseError('duplicate key value violates unique constraint, Ivanov Ivan');
  const summary = failureSummary(pg);
  t.is(summary, 'DatabaseError SQLSTATE 23505 constraint employees_email_key table employees');
  t.false(summary.includes('ivanov') || summary.includes('Ivanov'));
  t.is(failureSummary(new Error('cannot parse "Иванов Иван"')), 'Error');
  t.is(failureSummary('Иванов'), 'string');
});

test('names the cause of an unreadable event, and not a code that is not an identifier', (t) => {
  const ref = {
    eventId: 'e',
    type: 'EmployeeRegistered',
    streamId: 'employee-1',
    position: 7n,
    checkpoint: { transactionId: 1n, position: 7n },
  };
  const error = new UnreadableEventError(
    ref,
    new PersonalDataDecryptionError('employee-1', 'EmployeeRegistered'),
  );
  t.is(
    failureSummary(error),
    'UnreadableEventError EVENT_STORE.UNREADABLE_EVENT (cause: PersonalDataDecryptionError PERSONAL_DATA.UNDECRYPTABLE)',
  );
  const odd = Object.assign(new TypeError('x'), { code: 'Иванов Иван' });
  t.is(failureSummary(odd), 'TypeError');
});
