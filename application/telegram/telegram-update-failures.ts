import type { Clock, EventStore } from '../ports/index.ts';
import { type TelegramUpdateFailed, telegramInboxStreamId } from '../../domain/telegram/index.ts';
import { updateIdempotencyKey } from './telegram-write.ts';

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
          metadata: {
            actor: { kind: 'system', id: 'telegram-inbox', name: 'Telegram inbox' },
            correlationId: updateIdempotencyKey(failure.botId, failure.updateId),
            causationId: updateIdempotencyKey(failure.botId, failure.updateId),
            source: 'system',
            occurredAt: deps.clock.now().toISOString(),
          },
        },
      ],
      { expectedRevision: 'any', idempotencyKey: key },
    );
  };
}
