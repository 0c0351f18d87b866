import type { BotApiEmulator, BotMessage, EmulatedUser } from './bot-api-emulator.ts';
import { eventually } from './eventually.ts';

/**
 * Sends `text` to the bot as `who`, in their private chat, and waits for the bot's next message there: a
 * command's reply. The wait is a bound a loaded machine does not reach, not a timing claim.
 */
export async function replyTo(
  emulator: BotApiEmulator,
  who: EmulatedUser,
  text: string,
  withinMs = 10_000,
): Promise<BotMessage> {
  const before = emulator.sentTo(who.id).length;
  emulator.sendText(who, text);
  const reply = await eventually(() => emulator.sentTo(who.id)[before], withinMs);
  if (!reply) throw new Error(`no reply to ${text}`);
  return reply;
}
