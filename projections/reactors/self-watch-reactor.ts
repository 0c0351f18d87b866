import type { RecordedEvent } from '../../application/ports/index.ts';
import type {
  Projector,
  ProjectionTables,
  ProjectionTransaction,
} from '../../application/ports/projector.ts';
import {
  ADMINS_CHAT_SETTING,
  type AlertRoute,
  type SelfWatchEvent,
  adminsChatRoute,
} from '../../domain/monitoring/index.ts';
import type { SettingsEvent } from '../../domain/settings/index.ts';
import type { TelegramUserEvent } from '../../domain/telegram/index.ts';
import { type ReactorMessage, markReactorStart, writeOutbox } from './outbox-writes.ts';
import { SELF_ALERT_KIND, type SelfAlertParams } from './self-watch-message.ts';

const NAME = 'self-watch-notices';
const SETTINGS = 'self_watch_settings';
const ADMINS = 'self_watch_admins';
/** The self-checks failing now (one row per open episode): the self-watch ends those of nodes gone. */
export const OPEN_SELF_CHECKS = 'self_watch_open';
/** Private copies of one alert at most: the admins are a handful; more is a role gone wrong. */
const MAX_ADMINS = 50;

type ReactorEvent =
  | SelfWatchEvent
  | SettingsEvent
  | Extract<
      TelegramUserEvent,
      {
        type:
          | 'TelegramAccessApproved'
          | 'TelegramAccessDenied'
          | 'TelegramUserBlocked'
          | 'TelegramUserRoleChanged'
          | 'TelegramUserForgotten';
      }
    >;

// Its alerts, where they go (the setting), and who the Telegram admins are (for an empty setting).
const EVENT_TYPES: readonly ReactorEvent['type'][] = [
  'SelfCheckFailed',
  'SelfCheckRecovered',
  'SettingsChanged',
  'TelegramAccessApproved',
  'TelegramAccessDenied',
  'TelegramUserBlocked',
  'TelegramUserRoleChanged',
  'TelegramUserForgotten',
];

/**
 * The notification reactor of TBot's own alerts (#15): a self-check failing or recovered is told in the admins'
 * chat (`monitoring.adminsChat`, with its topic), or, while that is empty, to each Telegram admin privately.
 * It follows the setting and the admins' roles from their events, so a replay sends where it sent then. Its
 * effect is outbox rows written with its checkpoint, one per (event, chat).
 */
export const selfWatchReactor: Projector = {
  name: NAME,
  version: 1,
  schema: 'notifications',
  tables: [SETTINGS, ADMINS, OPEN_SELF_CHECKS],
  eventTypes: EVENT_TYPES,

  async createTables(trx, tables) {
    await trx.query(
      `create table if not exists ${tables.table(SETTINGS)} (key text primary key, value jsonb not null)`,
    );
    // Telegram user ids only: no name, no language (the alert follows `bot.language`).
    await trx.query(
      `create table if not exists ${tables.table(ADMINS)} (telegram_user_id bigint primary key)`,
    );
    await trx.query(
      `create table if not exists ${tables.table(OPEN_SELF_CHECKS)} (
        condition text not null, subject text not null, episode integer not null, since timestamptz not null,
        primary key (condition, subject))`,
    );
    await markReactorStart(trx, NAME, tables, SETTINGS);
  },

  async apply(events, trx, tables) {
    const messages: ReactorMessage[] = [];
    for (const recorded of events) messages.push(...(await applyOne(recorded, trx, tables)));
    await writeOutbox(trx, messages);
  },
};

async function applyOne(
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<ReactorMessage[]> {
  const admins = tables.table(ADMINS);
  // The subscription delivers only the types listed above.
  const event = { type: recorded.type, data: recorded.data } as ReactorEvent;
  const setAdmin = async (telegramUserId: number, admin: boolean) => {
    await trx.query(
      admin
        ? `insert into ${admins} (telegram_user_id) values ($1) on conflict do nothing`
        : `delete from ${admins} where telegram_user_id = $1`,
      [telegramUserId],
    );
    return [];
  };
  switch (event.type) {
    case 'TelegramAccessApproved':
      return setAdmin(event.data.telegramUserId, event.data.role === 'admin');
    case 'TelegramUserRoleChanged':
      return setAdmin(event.data.telegramUserId, event.data.to === 'admin');
    case 'TelegramAccessDenied':
    case 'TelegramUserBlocked':
    case 'TelegramUserForgotten':
      return setAdmin(event.data.telegramUserId, false);
    case 'SettingsChanged': {
      const change = event.data.changes.find((c) => c.key === ADMINS_CHAT_SETTING);
      if (change) {
        await trx.query(
          `insert into ${tables.table(SETTINGS)} (key, value) values ($1, $2::jsonb)
           on conflict (key) do update set value = excluded.value`,
          [ADMINS_CHAT_SETTING, JSON.stringify(change.new)],
        );
      }
      return [];
    }
    case 'SelfCheckFailed':
      await trx.query(
        `insert into ${tables.table(OPEN_SELF_CHECKS)} (condition, subject, episode, since) values ($1, $2, $3, $4)
         on conflict (condition, subject) do update set episode = excluded.episode, since = excluded.since`,
        [event.data.condition, event.data.subject, event.data.episode, event.data.since],
      );
      return tell(recorded, trx, tables, {
        state: 'failed',
        condition: event.data.condition,
        subject: event.data.subject,
        since: event.data.since,
        detail: event.data.detail,
        failedForSeconds: null,
        ended: null,
      });
    case 'SelfCheckRecovered':
      await trx.query(`delete from ${tables.table(OPEN_SELF_CHECKS)} where condition = $1 and subject = $2`, [
        event.data.condition,
        event.data.subject,
      ]);
      return tell(recorded, trx, tables, {
        state: 'recovered',
        condition: event.data.condition,
        subject: event.data.subject,
        since: event.data.since,
        detail: null,
        failedForSeconds: event.data.failedForSeconds,
        ended: event.data.ended,
      });
  }
}

/** The admins' chat as the setting's events last said, or `null` for none. */
async function adminsChat(trx: ProjectionTransaction, tables: ProjectionTables): Promise<AlertRoute | null> {
  const { rows } = await trx.query<{ value: unknown }>(
    `select value from ${tables.table(SETTINGS)} where key = $1`,
    [ADMINS_CHAT_SETTING],
  );
  const value = rows[0]?.value;
  return typeof value === 'string' ? adminsChatRoute(value) : null;
}

async function tell(
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  params: SelfAlertParams,
): Promise<ReactorMessage[]> {
  const message = (chatId: number, threadId: number | null): ReactorMessage => ({
    dedupeKey: `${recorded.eventId}:telegram:${chatId}`,
    reactor: NAME,
    kind: SELF_ALERT_KIND,
    chatId,
    threadId,
    params: { ...params },
    recordedAt: recorded.recordedAt,
  });
  const route = await adminsChat(trx, tables);
  if (route) return [message(route.chatId, route.messageThreadId)];
  // No admins' chat: each Telegram admin privately (none yet: the self-watch's own log line is all there is).
  const { rows } = await trx.query<{ telegram_user_id: string }>(
    `select telegram_user_id from ${tables.table(ADMINS)} order by telegram_user_id limit $1`,
    [MAX_ADMINS],
  );
  return rows.map((row) => message(Number(row.telegram_user_id), null));
}
