import { type EmployeeEvent, employeeStreamId } from '../../domain/employees/index.ts';
import { otrsCustomerSubject } from '../../domain/otrs/index.ts';
import type { EventStore } from '../ports/index.ts';
import type { OtrsCustomerKeys } from './customer-keys.ts';

export interface EmployeeCustomerSubjectsDeps {
  readonly store: EventStore;
  readonly customerKeys: OtrsCustomerKeys;
}

/** Every e-mail address the employee's stream has held, as it reads now (none once they are forgotten). */
function emailsOf(events: readonly EmployeeEvent[]): Set<string> {
  const emails = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (typeof value === 'string' && value.trim() !== '') emails.add(value);
  };
  for (const event of events) {
    if (event.type === 'EmployeeRegistered') add(event.data.details.email);
    if (event.type === 'EmployeeDetailsChanged') {
      for (const change of event.data.changes) {
        if (change.field === 'email') {
          add(change.from);
          add(change.to);
        }
      }
    }
  }
  return emails;
}

/**
 * The OTRS customer subjects (`otrs-customer-<key>`) of an employee: one per e-mail address they have had,
 * since OTRS's `CustomerUserID` is often the address, and a ticket of theirs is then under that subject
 * (its title, the customer's name, the articles' excerpts). An address that is not anybody's `CustomerUserID`
 * names a subject no ticket uses: forgetting it only leaves a tombstone, so no ticket of that address is ever
 * recorded readable. Read while the employee's key exists: once it is gone, their addresses read as null.
 */
export function makeEmployeeCustomerSubjects(deps: EmployeeCustomerSubjectsDeps) {
  return async (employeeId: string): Promise<string[]> => {
    const events = await deps.store.readStream<EmployeeEvent>(employeeStreamId(employeeId));
    const subjects = [...emailsOf(events)].map((email) =>
      otrsCustomerSubject(deps.customerKeys.keyOf(email)),
    );
    return [...new Set(subjects)];
  };
}
