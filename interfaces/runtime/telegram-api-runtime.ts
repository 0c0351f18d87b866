import type { Kysely } from 'kysely';
import type { Checkpoint, EventStore } from '../../application/ports/index.ts';
import { makeTelegramUserCommands } from '../../application/telegram/index.ts';
import type { Database } from '../../infrastructure/postgres/index.ts';
import {
  type ProjectionStore,
  type TelegramDatabase,
  telegramLookupsQueries,
  telegramProjector,
  waitForProjection,
} from '../../projections/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { telegramUsersRoutes } from '../http/telegram/index.ts';

const TELEGRAM_READ_YOUR_WRITES_MS = 5_000;

export interface TelegramApiDeps {
  readonly db: Kysely<Database>;
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly adminIds: readonly number[];
}

/**
 * The admin API over the bot's users and chats; served by API nodes whether or not they run the bot. The user
 * learns a decision from the access-notices reactor, which reads it from the log, whichever node recorded it.
 */
export function openTelegramApiRoutes(deps: TelegramApiDeps): ApiFeature {
  return telegramUsersRoutes({
    commands: makeTelegramUserCommands({ store: deps.eventStore, adminIds: new Set(deps.adminIds) }),
    lookups: telegramLookupsQueries(deps.db.withTables<TelegramDatabase>()),
    waitForTelegram: (checkpoint: Checkpoint) =>
      waitForProjection(
        deps.projectionStore,
        telegramProjector.name,
        checkpoint,
        TELEGRAM_READ_YOUR_WRITES_MS,
      ),
  });
}
