import type { EventMetadata } from '../../domain/shared/index.ts';

/** Write options of a bot command: its metadata and its idempotency key (`telegram:<bot id>:<update_id>`). */
export interface TelegramWrite {
  readonly metadata: EventMetadata;
  readonly idempotencyKey?: string;
}

/**
 * The idempotency key of the command an update carries; `part` tells apart several commands of one update.
 * Scoped by the bot: two bots on one database number their updates independently.
 */
export const updateIdempotencyKey = (botId: number, updateId: number, part?: string): string =>
  part === undefined ? `telegram:${botId}:${updateId}` : `telegram:${botId}:${updateId}:${part}`;

export const handleOptions = (write: TelegramWrite, part?: string) =>
  write.idempotencyKey === undefined
    ? {}
    : { idempotencyKey: part === undefined ? write.idempotencyKey : `${write.idempotencyKey}:${part}` };
