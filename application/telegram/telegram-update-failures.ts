import { commandContext } from '../commands/index.ts';
import type { Clock, EventStore } from '../ports/index.ts';
import { type TelegramUpdateFailed, telegramInboxStreamId } from '../../domain/telegram/index.ts';
import { updateIdempotencyKey } from './update-idempotency-key.ts';

/**
 * Records, for the audit log, that an update was given up on. Idempotent by the update: a node that records it
 * again (it crashed before marking the row) appends nothing.
 */
export function makeRecordUpdateFailed(deps: { store: EventStore; clock: Clock }) {
  return async (failure: TelegramUpdateFailed['data']): Promise<void> => {
    const key = updateIdempotencyKey(failure.botId, failure.updateId, 'failed');
    await deps.store.append(
      telegramInboxStreamId(failure.botId),
      [
        {
          type: 'TelegramUpdateFailed',
          data: failure,
          metadata: commandContext({
            actor: { kind: 'system', id: 'telegram-inbox', name: 'Telegram inbox' },
            source: 'system',
            correlationId: updateIdempotencyKey(failure.botId, failure.updateId),
            occurredAt: deps.clock.now(),
          }).metadata,
        },
      ],
      { expectedRevision: 'any', idempotencyKey: key },
    );
  };
}
