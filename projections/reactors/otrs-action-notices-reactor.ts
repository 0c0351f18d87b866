import type { Projector } from '../../application/ports/projector.ts';
import type { TicketActionEvent, TicketOpened } from '../../domain/otrs/index.ts';
import type { TelegramUserRegistered, TelegramUserForgotten } from '../../domain/telegram/index.ts';
import { type ReactorMessage, markReactorStart, writeOutbox } from './outbox-writes.ts';

const NAME = 'otrs-action-notices';
const RECIPIENTS = 'otrs_action_recipients';
const REQUESTS = 'otrs_action_requests';
const TICKETS = 'otrs_action_tickets';

/** The outbox kind of an action's outcome told to its agent: params `{ kind, number, ok, code, message, languageCode }`. */
export const OTRS_ACTION_OUTCOME_KIND = 'otrs.actionOutcome';

/**
 * A button waits this long for OTRS's answer and tells it itself (the bot waits 8 s, from a moment after the
 * request is recorded): an outcome recorded sooner after its request needs no notice. One later than this and
 * before the button gave up is told twice, which is better than never.
 */
export const BUTTON_ANSWERS_WITHIN_MS = 7_000;

type Event = TicketActionEvent | TicketOpened | TelegramUserRegistered | TelegramUserForgotten;

const TYPES: readonly Event['type'][] = [
  'TicketOpened',
  'TicketActionRequested',
  'TicketActionSucceeded',
  'TicketActionFailed',
  'TelegramUserRegistered',
  'TelegramUserForgotten',
];

/**
 * The notices of OTRS actions (#16): an action asked by a command or a note message is told its outcome in the
 * agent's private chat, in their language, with OTRS's own error text; a button's is told only when OTRS
 * answered too late for the button's own answer (it said "in progress"). Ids, numbers, codes only: the
 * action's `via` is the last part of its id (`:button`, `:command`, `:note`).
 */
export const otrsActionNoticesReactor: Projector = {
  name: NAME,
  version: 1,
  schema: 'notifications',
  tables: [RECIPIENTS, REQUESTS, TICKETS],
  eventTypes: TYPES,

  async createTables(trx, tables) {
    await trx.query(
      `create table if not exists ${tables.table(RECIPIENTS)} (
        telegram_user_id bigint primary key,
        language_code text
      )`,
    );
    await trx.query(
      `create table if not exists ${tables.table(REQUESTS)} (
        action_id text primary key,
        requested_at timestamptz not null
      )`,
    );
    await trx.query(
      `create table if not exists ${tables.table(TICKETS)} (
        ticket_id bigint primary key,
        number text not null
      )`,
    );
    await markReactorStart(trx, NAME, tables, RECIPIENTS);
  },

  async apply(events, trx, tables) {
    const messages: ReactorMessage[] = [];
    for (const recorded of events) {
      // The subscription delivers only the types listed above.
      const event = { type: recorded.type, data: recorded.data } as Event;
      switch (event.type) {
        case 'TelegramUserRegistered':
          await trx.query(
            `insert into ${tables.table(RECIPIENTS)} (telegram_user_id, language_code) values ($1, $2)
             on conflict (telegram_user_id) do update set language_code = excluded.language_code`,
            [event.data.telegramUserId, event.data.languageCode],
          );
          break;
        case 'TelegramUserForgotten':
          await trx.query(`delete from ${tables.table(RECIPIENTS)} where telegram_user_id = $1`, [
            event.data.telegramUserId,
          ]);
          break;
        case 'TicketOpened':
          await trx.query(
            `insert into ${tables.table(TICKETS)} (ticket_id, number) values ($1, $2)
             on conflict (ticket_id) do update set number = excluded.number`,
            [event.data.ticketId, event.data.number],
          );
          break;
        case 'TicketActionRequested':
          await trx.query(
            `insert into ${tables.table(REQUESTS)} (action_id, requested_at) values ($1, $2)
             on conflict (action_id) do nothing`,
            [event.data.actionId, recorded.recordedAt],
          );
          break;
        case 'TicketActionSucceeded':
        case 'TicketActionFailed': {
          const { actionId, ticketId, kind, requestedBy } = event.data;
          const { rows } = await trx.query<{
            requested_at: Date | null;
            number: string | null;
            language_code: string | null;
          }>(
            `select (select requested_at from ${tables.table(REQUESTS)} where action_id = $1) as requested_at,
                    (select number from ${tables.table(TICKETS)} where ticket_id = $2) as number,
                    (select language_code from ${tables.table(RECIPIENTS)} where telegram_user_id = $3) as language_code`,
            [actionId, ticketId, requestedBy],
          );
          await trx.query(`delete from ${tables.table(REQUESTS)} where action_id = $1`, [actionId]);
          const row = rows[0];
          const requestedAt = row?.requested_at ?? null;
          const quick =
            requestedAt !== null &&
            recorded.recordedAt.getTime() - new Date(requestedAt).getTime() < BUTTON_ANSWERS_WITHIN_MS;
          if (actionId.endsWith(':button') && quick) break;
          const error = event.type === 'TicketActionFailed' ? event.data.error : null;
          messages.push({
            dedupeKey: `${recorded.eventId}:telegram:${requestedBy}`,
            reactor: NAME,
            kind: OTRS_ACTION_OUTCOME_KIND,
            chatId: requestedBy,
            threadId: null,
            params: {
              kind,
              number: row?.number ?? String(ticketId),
              ok: error === null,
              code: error?.code ?? null,
              message: error?.message ?? null,
              languageCode: row?.language_code ?? null,
            },
            recordedAt: recorded.recordedAt,
          });
          break;
        }
      }
    }
    await writeOutbox(trx, messages);
  },
};
