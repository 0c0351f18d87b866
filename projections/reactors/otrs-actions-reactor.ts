import type { Projector } from '../../application/ports/projector.ts';
import type { TicketActionEvent } from '../../domain/otrs/index.ts';

const TYPES: readonly TicketActionEvent['type'][] = [
  'TicketActionRequested',
  'TicketActionSucceeded',
  'TicketActionFailed',
];

/**
 * The OTRS actions reactor (#16): an agent's `TicketActionRequested` becomes a row of `otrs.action_queue`,
 * written with its checkpoint, and its outcome takes the row away. Its effect is that queue, as the outbox is
 * the notices': the OTRS call itself is made by the action workers (`startOtrsActionWorker`), which claim rows
 * on any node, never from inside a projection's transaction. A replay queues nothing twice (the action id is the
 * key), and a settled action replayed is taken away again by its own outcome later in the log.
 */
export const otrsActionsReactor: Projector = {
  name: 'otrs-actions',
  version: 1,
  schema: 'otrs',
  // The queue is the migration's (a rebuild must not drop actions still to be made).
  tables: [],
  eventTypes: TYPES,

  async createTables() {
    // Nothing of its own: see `tables`.
  },

  async apply(events, trx) {
    for (const recorded of events) {
      // The subscription delivers only the types listed above.
      const event = { type: recorded.type, data: recorded.data } as TicketActionEvent;
      if (event.type === 'TicketActionRequested') {
        await trx.query(
          `insert into otrs.action_queue (action_id, ticket_id) values ($1, $2)
           on conflict (action_id) do nothing`,
          [event.data.actionId, event.data.ticketId],
        );
      } else {
        await trx.query(`delete from otrs.action_queue where action_id = $1`, [event.data.actionId]);
      }
    }
  },
};
