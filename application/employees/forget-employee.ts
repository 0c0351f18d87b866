import { DomainError } from '../../domain/shared/index.ts';
import type { CommandContext } from '../commands/index.ts';
import {
  type ForgetFollowUpFailed,
  type ForgetPerson,
  SubjectForgottenError,
  deleteKeyAfterForget,
  employeeSubject,
} from '../personal-data/index.ts';
import type { EventStore } from '../ports/index.ts';
import { loadEmployee } from './employees-lookups.ts';
import type { EmployeeCommandResult, EmployeeCommands } from './employee-commands.ts';

export interface ForgetEmployeeDeps {
  readonly store: EventStore;
  readonly employees: EmployeeCommands;
  readonly forgetPerson: ForgetPerson;
  /**
   * The subjects of the person's data kept elsewhere under keys of their own, forgotten with them: their OTRS
   * customer's (`otrs-customer-<key>` of each e-mail address they had). Read while their key still exists.
   */
  readonly relatedSubjects: (employeeId: string) => Promise<readonly string[]>;
  readonly onFollowUpFailed?: ForgetFollowUpFailed;
}

/**
 * Forgets an employee (152-FZ, GDPR): appends `EmployeeForgotten` first, its reason encrypted with the
 * person's key, then deletes that key (leaving a tombstone, so no write ever makes them a new one). From the
 * append on, every command on the person is refused and the read models scrub what they keep; from the
 * delete on, their personal data in every event, the reason included, is unreadable.
 *
 * A crash (or a failed delete) between the two leaves the key until the `forgotten-keys` projector reads the
 * event and tombstones it, or a retry (same idempotency key, or none) finds the append, appends nothing more
 * and deletes the key. The write needs a reason. The interface
 * checks the idempotency key before this runs: one used for another person never reaches here.
 *
 * Their related subjects (their OTRS customer's, see {@link ForgetEmployeeDeps.relatedSubjects}) are forgotten
 * first, before `EmployeeForgotten`: which they are is read from the person's data (their e-mail addresses),
 * which is unreadable once their key is gone, and the key may go as soon as the event is in the log. Nothing
 * is written under those subjects, so nothing needs their keys after. A failure there fails the forget before
 * anything of the employee is forgotten; a retry redoes it (forgetting a subject twice changes nothing).
 */
export function makeForgetEmployee(deps: ForgetEmployeeDeps) {
  return async (employeeId: string, write: CommandContext): Promise<EmployeeCommandResult> => {
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
    for (const subjectId of await deps.relatedSubjects(employeeId)) await deps.forgetPerson(subjectId);
    // A retry whose append is found (or a person already forgotten) appends nothing and is not encrypted,
    // so it passes the tombstone; it still deletes the key below, which a crash may have left.
    const result = await deps.employees.forget(employeeId, write).catch((error: unknown) => {
      // A concurrent try of this forget deleted the key after reading the stream: its append is there now.
      if (error instanceof SubjectForgottenError) return deps.employees.forget(employeeId, write);
      throw error;
    });
    await deleteKeyAfterForget(deps.forgetPerson, employeeSubject(employeeId), deps.onFollowUpFailed);
    return result;
  };
}

export type ForgetEmployee = ReturnType<typeof makeForgetEmployee>;
