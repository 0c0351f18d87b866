import { Command } from 'commander';
import { makeEmployeeForgetting } from '../../runtime/employees-runtime.ts';
import { UsageError } from '../exit-codes.ts';
import { forgetCommand } from '../forget-command.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `tbot employees forget ID --reason TEXT`: the person's data made unreadable (152-FZ, GDPR). */
export function employeesCommand(): Command {
  const employees = new Command('employees').description('the employee directory');
  employees.addCommand(
    forgetCommand({
      description:
        'forget a person (152-FZ, GDPR): record EmployeeForgotten (its reason encrypted with their key), then ' +
        'delete the key for good (their names, phones, e-mail, notes and the reason in every event become ' +
        'unreadable); the read models and the audit log scrub them',
      argument: { name: '<id>', description: 'the employee id' },
      reasonDescription: 'why (the request and its number): recorded with the event',
      check: (employeeId) => {
        if (!UUID.test(employeeId)) throw new UsageError(`${employeeId} is not an employee id (a UUID)`);
      },
      question: (employeeId) =>
        `Forget employee ${employeeId}? Their personal data becomes unreadable for good.`,
      forget: async (runtime, logger, employeeId, context) => {
        const forgetEmployee = makeEmployeeForgetting({
          eventStore: runtime.eventStore,
          personalDataKeys: runtime.personalDataKeys,
          masterKey: runtime.masterKey,
          logger,
        });
        const result = await forgetEmployee(employeeId, context);
        return { id: employeeId, recorded: result.events.length > 0 };
      },
      forgotten: (id) =>
        `forgot employee ${id}: their key is deleted; the read models scrub them as they catch up`,
      alreadyForgotten: (id) => `employee ${id} was already forgotten`,
    }),
  );
  return employees;
}
