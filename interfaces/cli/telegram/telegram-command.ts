import { plainTextArgument } from '../plain-text-argument.ts';
import { Command } from 'commander';
import { DomainError } from '../../../domain/shared/index.ts';
import { openEventStoreRuntime } from '../../runtime/event-store-runtime.ts';
import { makeTelegramForgetting } from '../../runtime/telegram-forget-runtime.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { UsageError } from '../exit-codes.ts';
import { cliCommandContext, confirm } from '../operator.ts';

const TELEGRAM_ID = /^[1-9]\d{0,15}$/;

async function forget(id: string, options: { reason?: string; yes?: boolean }): Promise<void> {
  if (!TELEGRAM_ID.test(id)) throw new UsageError(`${id} is not a Telegram user id (a positive number)`);
  const reason = options.reason?.trim();
  if (!reason) throw new UsageError('say why with --reason (the request, its number): it goes in the log');
  const question = `Forget Telegram user ${id}? Their names and messages become unreadable for good.`;
  if (!(await confirm(`forget ${id}`, question, options.yes))) {
    process.stderr.write('nothing done\n');
    return;
  }
  const { config, logger } = await cliEnvironment({ logTo: 'stderr' });
  const runtime = await openEventStoreRuntime(config, logger, { purpose: 'command' });
  try {
    const forgetTelegramUser = makeTelegramForgetting({
      pool: runtime.database.pool,
      eventStore: runtime.eventStore,
      personalDataKeys: runtime.personalDataKeys,
      logger,
    });
    const result = await forgetTelegramUser(Number(id), cliCommandContext(reason));
    process.stdout.write(
      result.events.length > 0
        ? `forgot Telegram user ${id}: their key and messages are deleted; the read models scrub them as they catch up\n`
        : `Telegram user ${id} was already forgotten\n`,
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === 'TELEGRAM_USER.NOT_FOUND')
      throw new UsageError(error.message);
    throw error;
  } finally {
    await runtime.close();
  }
}

/** `tbot telegram forget ID --reason TEXT`: a Telegram user's data made unreadable (152-FZ, GDPR). */
export function telegramCommand(): Command {
  const telegram = new Command('telegram').description('the Telegram bot’s users');
  telegram
    .command('forget')
    .description(
      'forget a Telegram user (152-FZ, GDPR): record TelegramUserForgotten, delete their data key (their names ' +
        'and username in every event, their name on what they did, their message texts become unreadable) and ' +
        'their message log, inbox and outbox rows; the read models and the audit log scrub them',
    )
    .argument('<id>', 'the Telegram user id')
    .requiredOption(
      '--reason <text>',
      'why (the request and its number): recorded, encrypted, with the event',
      plainTextArgument,
    )
    .option('--yes', 'do not ask for confirmation')
    .action(forget);
  return telegram;
}
