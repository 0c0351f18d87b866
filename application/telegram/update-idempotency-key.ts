/**
 * The idempotency key of the command an update carries; `part` tells apart several commands of one update.
 * Scoped by the bot: two bots on one database number their updates independently.
 */
export const updateIdempotencyKey = (botId: number, updateId: number, part?: string): string =>
  part === undefined ? `telegram:${botId}:${updateId}` : `telegram:${botId}:${updateId}:${part}`;
