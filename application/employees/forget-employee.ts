import { DomainError } from '../../domain/shared/index.ts';
import { type ForgetPerson, employeeSubject } from '../personal-data/index.ts';
import type { EventStore } from '../ports/index.ts';
import { loadEmployee } from './directory-lookups.ts';
import type { DirectoryWrite } from './directory-write.ts';
import type { EmployeeCommandResult, EmployeeCommands } from './employee-commands.ts';

export interface ForgetEmployeeDeps {
  readonly store: EventStore;
  readonly employees: EmployeeCommands;
  readonly forgetPerson: ForgetPerson;
}

/**
 * Forgets an employee (152-FZ, GDPR): deletes their data key first, so that their personal data in every event
 * is unreadable from that moment even if what follows fails, then appends `EmployeeForgotten`, on which the
 * read models scrub what they keep. A retry finds the key gone and appends once. The write needs a reason. The
 * interface checks the idempotency key before this runs: one used for another person never reaches here.
 */
export function makeForgetEmployee(deps: ForgetEmployeeDeps) {
  return async (employeeId: string, write: DirectoryWrite): Promise<EmployeeCommandResult> => {
    if (!write.metadata.reason?.trim()) {
      throw new DomainError(
        'EMPLOYEE.REASON_REQUIRED',
        'Say why the person is forgotten (the request, its number)',
      );
    }
    const state = await loadEmployee(deps.store, employeeId);
    if (state.status === 'none') {
      throw new DomainError('EMPLOYEE.NOT_FOUND', `No employee ${employeeId}`, { employeeId });
    }
    // A retry of a forget that was appended answers as the first time and deletes nothing more; one whose
    // data key was deleted but whose append failed finds no append, deletes it again (a no-op) and appends.
    const done =
      write.idempotencyKey === undefined ? null : await deps.store.findAppend(write.idempotencyKey);
    if (!done) await deps.forgetPerson(employeeSubject(employeeId));
    return deps.employees.forget(employeeId, write);
  };
}

export type ForgetEmployee = ReturnType<typeof makeForgetEmployee>;
