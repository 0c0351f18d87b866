import { Command } from 'commander';
import type { Logger } from 'pino';
import type { CommandContext } from '../../application/commands/index.ts';
import { type EventStoreRuntime, openEventStoreRuntime } from '../runtime/event-store-runtime.ts';
import { cliEnvironment } from './cli-environment.ts';
import { UsageError } from './exit-codes.ts';
import { cliCommandContext, confirm } from './operator.ts';
import { plainTextArgument } from './plain-text-argument.ts';

/** Whom a forget was about, by id, and whether it recorded anything (nothing: they were forgotten already). */
export interface ForgetOutcome {
  readonly id: string;
  readonly recorded: boolean;
}

/** What one feature's `forget` says and does; {@link forgetCommand} is the rest, the same for every feature. */
export interface ForgetSpec {
  readonly description: string;
  /** The argument naming the person, and its help. */
  readonly argument: { readonly name: string; readonly description: string };
  readonly reasonDescription: string;
  /** Refuses (a `UsageError`) an argument that cannot name anyone, before the reason is looked at. */
  readonly check?: (argument: string) => void;
  readonly question: (argument: string) => string;
  /** The forget itself, on the CLI's protected event store; its refusals exit as `EXIT_BY_DOMAIN_CODE` says. */
  readonly forget: (
    runtime: EventStoreRuntime,
    logger: Logger,
    argument: string,
    context: CommandContext,
  ) => Promise<ForgetOutcome>;
  /** The line printed when it recorded the forget, and when they were forgotten already. */
  readonly forgotten: (id: string) => string;
  readonly alreadyForgotten: (id: string) => string;
}

/**
 * `forget ARG --reason TEXT [--yes]` (152-FZ, GDPR): checks the argument and the reason, asks (unless `--yes`),
 * opens the protected event store, forgets, prints one line on standard output. Logs go to standard error.
 */
export function forgetCommand(spec: ForgetSpec): Command {
  return new Command('forget')
    .description(spec.description)
    .argument(spec.argument.name, spec.argument.description)
    .requiredOption('--reason <text>', spec.reasonDescription, plainTextArgument)
    .option('--yes', 'do not ask for confirmation')
    .action((argument: string, options: { reason?: string; yes?: boolean }) =>
      forget(spec, argument, options),
    );
}

async function forget(
  spec: ForgetSpec,
  argument: string,
  options: { reason?: string; yes?: boolean },
): Promise<void> {
  spec.check?.(argument);
  const reason = options.reason?.trim();
  if (!reason) throw new UsageError('say why with --reason (the request, its number): it goes in the log');
  if (!(await confirm(`forget ${argument}`, spec.question(argument), options.yes))) {
    process.stderr.write('nothing done\n');
    return;
  }
  const { config, logger } = await cliEnvironment({ logTo: 'stderr' });
  const runtime = await openEventStoreRuntime(config, logger, { purpose: 'command' });
  try {
    const { id, recorded } = await spec.forget(runtime, logger, argument, cliCommandContext(reason));
    process.stdout.write(`${recorded ? spec.forgotten(id) : spec.alreadyForgotten(id)}\n`);
  } finally {
    await runtime.close();
  }
}
