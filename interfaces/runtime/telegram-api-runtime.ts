import type { Api } from 'grammy';
import type pg from 'pg';
import { type Checkpoint, type EventStore, type Logger, systemClock } from '../../application/ports/index.ts';
import { makeTelegramUserCommands } from '../../application/telegram/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { postgresMessageLog, postgresTelegramDirectory } from '../../infrastructure/telegram/index.ts';
import { type ProjectionStore, telegramProjector, waitForProjection } from '../../projections/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { type TelegramUsersRoutesDeps, telegramUsersRoutes } from '../http/telegram/index.ts';
import { tellAccessDecision } from '../telegram/access/index.ts';
import { telegramSender } from './telegram-runtime.ts';

const TELEGRAM_READ_YOUR_WRITES_MS = 5_000;

export interface TelegramApiDeps {
  readonly pool: pg.Pool;
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly adminIds: readonly number[];
  /** With a bot token, an approval or a denial made through the API is told to the user in Telegram. */
  readonly telegram: Pick<Config['telegram'], 'botToken' | 'apiRoot'>;
  /** The bot's own `Api` when this node runs the bot: the API's sends then share its throttle. */
  readonly botApi?: Api | null;
  /** The node's live settings (the users' language and texts). */
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
  readonly logger: Logger;
}

/** The admin API over the bot's users and chats; served by API nodes whether or not they run the bot. */
export function openTelegramApiRoutes(deps: TelegramApiDeps): ApiFeature {
  return telegramUsersRoutes({
    commands: makeTelegramUserCommands({ store: deps.eventStore, adminIds: new Set(deps.adminIds) }),
    directory: postgresTelegramDirectory(deps.pool),
    waitForTelegram: (checkpoint: Checkpoint) =>
      waitForProjection(
        deps.projectionStore,
        telegramProjector.name,
        checkpoint,
        TELEGRAM_READ_YOUR_WRITES_MS,
      ),
    ...decisionNotices(deps),
  });
}

/** Without a bot token nobody can be told: the API decides as before, silently. */
function decisionNotices(deps: TelegramApiDeps): Pick<TelegramUsersRoutesDeps, 'notifyDecision'> {
  const { botToken, apiRoot } = deps.telegram;
  if (!botToken) return {};
  const api =
    deps.botApi ??
    telegramSender({
      token: botToken,
      ...(apiRoot ? { apiRoot } : {}),
      messageLog: postgresMessageLog(deps.pool),
      logger: deps.logger,
      clock: systemClock,
    });
  const noticeDeps = { api, settings: () => deps.settings.current(), logger: deps.logger };
  return { notifyDecision: (notice) => tellAccessDecision(noticeDeps, notice) };
}
