import type { EmployeeSearch } from '../../application/employees/search/index.ts';
import type { ChatConversations, Clock, Logger, RateLimiter } from '../../application/ports/index.ts';
import type {
  MessageLog,
  TelegramChatCommands,
  TelegramLookups,
  TelegramUserCommands,
} from '../../application/telegram/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import type { UpdateDeliveries } from './inbox/update-deliveries.ts';
import type { MonitoringAlertActions } from './monitoring/monitoring-alert-actions.ts';
import type { MonitoringBotActions } from './monitoring/monitoring-bot-actions.ts';
import type { OtrsLinkActions } from './otrs/otrs-link-actions.ts';
import type { OtrsReadBotActions } from './otrs/otrs-read-actions.ts';
import type { OtrsBotActions } from './otrs/otrs-bot-actions.ts';

/** Everything the bot's features need, handed in by the runtime (or a test). */
export interface BotDeps {
  readonly users: TelegramUserCommands;
  readonly chats: TelegramChatCommands;
  readonly lookups: TelegramLookups;
  readonly search: EmployeeSearch;
  readonly messageLog: MessageLog;
  /** Updates per user per window; over it, a polite "wait" and nothing else. */
  readonly userRateLimiter: RateLimiter;
  /** The current settings (texts, page size, language). */
  readonly settings: () => Readonly<Record<string, SettingValue>>;
  /** `TELEGRAM_ADMIN_IDS`: asked for approvals even before the read model knows them. */
  readonly adminIds: ReadonlySet<number>;
  /** Signs callback data, so that a forged button is told apart from a stale one. */
  readonly callbackKey: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The monitoring alerts' acknowledge button; absent: its presses are unknown buttons. */
  readonly monitoringAlerts?: MonitoringAlertActions;
  /** `/status`, `/server`, `/ack`, `/maintenance`; absent: those commands are not installed. */
  readonly monitoring?: MonitoringBotActions;
  /** The inbox's word on each update it hands over (attempts, call journal); absent outside the inbox. */
  readonly deliveries?: UpdateDeliveries;
  /** The short conversations (a question, then the user's next message); absent: no feature asks any. */
  readonly conversations?: ChatConversations;
  /** `/otrs_link`, `/otrs_unlink` (with `conversations`); absent (OTRS off): not installed. */
  readonly otrsLinking?: OtrsLinkActions;
  /** `/mytickets`, `/ticket`, `/queue` (the OTRS read model); absent (OTRS off): not installed. */
  readonly otrsReads?: OtrsReadBotActions;
  /** The OTRS card's buttons and `/take`, `/note`, `/reassign`, `/close` (#16); absent: OTRS is off. */
  readonly otrsActions?: OtrsBotActions;
}
