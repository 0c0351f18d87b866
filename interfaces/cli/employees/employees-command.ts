import { Command } from 'commander';
import { DomainError } from '../../../domain/shared/index.ts';
import { makeEmployeeForgetting } from '../../runtime/employees-runtime.ts';
import { openEventStoreRuntime } from '../../runtime/event-store-runtime.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { UsageError } from '../exit-codes.ts';
import { plainTextArgument } from '../plain-text-argument.ts';
import { cliCommandContext, confirm } from '../operator.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function forget(employeeId: string, options: { reason?: string; yes?: boolean }): Promise<void> {
  if (!UUID.test(employeeId)) throw new UsageError(`${employeeId} is not an employee id (a UUID)`);
  const reason = options.reason?.trim();
  if (!reason) throw new UsageError('say why with --reason (the request, its number): it goes in the log');
  const question = `Forget employee ${employeeId}? Their personal data becomes unreadable for good.`;
  if (!(await confirm(`forget ${employeeId}`, question, options.yes))) {
    process.stderr.write('nothing done\n');
    return;
  }
  const { config, logger } = await cliEnvironment({ logTo: 'stderr' });
  const runtime = await openEventStoreRuntime(config, logger, { purpose: 'command' });
  try {
    const forgetEmployee = makeEmployeeForgetting({
      eventStore: runtime.eventStore,
      personalDataKeys: runtime.personalDataKeys,
      logger,
    });
    const result = await forgetEmployee(employeeId, cliCommandContext(reason));
    process.stdout.write(
      result.events.length > 0
        ? `forgot employee ${employeeId}: their key is deleted; the read models scrub them as they catch up\n`
        : `employee ${employeeId} was already forgotten\n`,
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === 'EMPLOYEE.NOT_FOUND')
      throw new UsageError(error.message);
    throw error;
  } finally {
    await runtime.close();
  }
}

/** `tbot employees forget ID --reason TEXT`: the person's data made unreadable (152-FZ, GDPR). */
export function employeesCommand(): Command {
  const employees = new Command('employees').description('the employee directory');
  employees
    .command('forget')
    .description(
      'forget a person (152-FZ, GDPR): record EmployeeForgotten (its reason encrypted with their key), then ' +
        'delete the key for good (their names, phones, e-mail, notes and the reason in every event become ' +
        'unreadable); the read models and the audit log scrub them',
    )
    .argument('<id>', 'the employee id')
    .requiredOption(
      '--reason <text>',
      'why (the request and its number): recorded with the event',
      plainTextArgument,
    )
    .option('--yes', 'do not ask for confirmation')
    .action(forget);
  return employees;
}
