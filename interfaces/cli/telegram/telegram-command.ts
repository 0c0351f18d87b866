import { Command } from 'commander';
import { makeTelegramForgetting } from '../../runtime/telegram-forget-runtime.ts';
import { UsageError } from '../exit-codes.ts';
import { forgetCommand } from '../forget-command.ts';

const TELEGRAM_ID = /^[1-9]\d{0,15}$/;

/** `tbot telegram forget ID --reason TEXT`: a Telegram user's data made unreadable (152-FZ, GDPR). */
export function telegramCommand(): Command {
  const telegram = new Command('telegram').description('the Telegram bot’s users');
  telegram.addCommand(
    forgetCommand({
      description:
        'forget a Telegram user (152-FZ, GDPR): record TelegramUserForgotten, delete their data key (their names ' +
        'and username in every event, their name on what they did, their message texts become unreadable) and ' +
        'their message log, inbox and outbox rows; the read models and the audit log scrub them',
      argument: { name: '<id>', description: 'the Telegram user id' },
      reasonDescription: 'why (the request and its number): recorded, encrypted, with the event',
      check: (id) => {
        if (!TELEGRAM_ID.test(id))
          throw new UsageError(`${id} is not a Telegram user id (a positive number)`);
      },
      question: (id) => `Forget Telegram user ${id}? Their names and messages become unreadable for good.`,
      forget: async (runtime, logger, id, context) => {
        const forgetTelegramUser = makeTelegramForgetting({
          pool: runtime.database.pool,
          eventStore: runtime.eventStore,
          personalDataKeys: runtime.personalDataKeys,
          masterKey: runtime.masterKey,
          logger,
        });
        const result = await forgetTelegramUser(Number(id), context);
        return { id, recorded: result.events.length > 0 };
      },
      forgotten: (id) =>
        `forgot Telegram user ${id}: their key and messages are deleted; the read models scrub them as they catch up`,
      alreadyForgotten: (id) => `Telegram user ${id} was already forgotten`,
    }),
  );
  return telegram;
}
