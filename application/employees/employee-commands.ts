import {
  type EmployeeDetailsInput,
  type EmployeeDetailsPatch,
  type EmployeeEvent,
  employeeDecider,
  employeeStreamId,
} from '../../domain/employees/index.ts';
import {
  type CommandContext,
  type CommandResult,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore, IdGenerator } from '../ports/index.ts';
import { departmentRef, loadDepartment, loadEmployee } from './employees-lookups.ts';
import { newEntityId } from './entity-id.ts';

export interface EmployeeCommandsDeps {
  readonly store: EventStore;
  readonly ids: IdGenerator;
}

export interface NewEmployee extends EmployeeDetailsInput {
  readonly departmentId?: string | null | undefined;
}

export type EmployeeCommandResult = CommandResult<EmployeeEvent> & { readonly employeeId: string };

/**
 * The employees' commands. A department's status is read from its stream just before the command and passed
 * in: a department closed in that instant can still receive the employee (closing checks the read model too).
 */
export function makeEmployeeCommands(deps: EmployeeCommandsDeps) {
  const { store, ids } = deps;
  const handle = makeCommandHandler({
    store,
    decider: employeeDecider,
    streamId: (c) => employeeStreamId(c.data.employeeId),
  });
  const department = (departmentId: string | null | undefined) =>
    departmentId === null || departmentId === undefined
      ? Promise.resolve(null)
      : departmentRef(store, departmentId);
  const withId = (employeeId: string) => (result: CommandResult<EmployeeEvent>) => ({
    ...result,
    employeeId,
  });

  return {
    async register(employee: NewEmployee, write: CommandContext): Promise<EmployeeCommandResult> {
      const { departmentId, ...details } = employee;
      const employeeId = newEntityId(ids, 'employee', write);
      const data = { employeeId, department: await department(departmentId), details };
      return withId(employeeId)(
        await handle({ type: 'RegisterEmployee', data, metadata: write.metadata }, handleOptions(write)),
      );
    },

    /** Sets the fields given (`null` clears one); only the fields that really change are recorded. */
    async changeDetails(
      employeeId: string,
      changes: EmployeeDetailsPatch,
      write: CommandContext,
    ): Promise<EmployeeCommandResult> {
      const data = { employeeId, changes };
      return withId(employeeId)(
        await handle({ type: 'ChangeEmployeeDetails', data, metadata: write.metadata }, handleOptions(write)),
      );
    },

    /** Moves the employee to `departmentId`, or out of any department with `null`. */
    async move(
      employeeId: string,
      departmentId: string | null,
      write: CommandContext,
    ): Promise<EmployeeCommandResult> {
      const data = { employeeId, department: await department(departmentId) };
      return withId(employeeId)(
        await handle({ type: 'MoveEmployee', data, metadata: write.metadata }, handleOptions(write)),
      );
    },

    async dismiss(employeeId: string, write: CommandContext): Promise<EmployeeCommandResult> {
      return withId(employeeId)(
        await handle(
          { type: 'DismissEmployee', data: { employeeId }, metadata: write.metadata },
          handleOptions(write),
        ),
      );
    },

    /** Restores a dismissed employee, if their department is still open. */
    async restore(employeeId: string, write: CommandContext): Promise<EmployeeCommandResult> {
      const employee = await loadEmployee(store, employeeId);
      const departmentId = 'departmentId' in employee ? employee.departmentId : null;
      const departmentStatus =
        departmentId === null ? null : (await loadDepartment(store, departmentId)).status;
      const data = { employeeId, departmentStatus };
      return withId(employeeId)(
        await handle({ type: 'RestoreEmployee', data, metadata: write.metadata }, handleOptions(write)),
      );
    },

    /**
     * Records that the person is forgotten. Deleting their data key and scrubbing the read models is the
     * caller's part (the forgetting service); this only appends `EmployeeForgotten`, once.
     */
    async forget(employeeId: string, write: CommandContext): Promise<EmployeeCommandResult> {
      return withId(employeeId)(
        await handle(
          { type: 'ForgetEmployee', data: { employeeId }, metadata: write.metadata },
          handleOptions(write),
        ),
      );
    },
  };
}

export type EmployeeCommands = ReturnType<typeof makeEmployeeCommands>;
