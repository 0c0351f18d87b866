import type { RecordedEvent } from '../../application/ports/index.ts';
import type {
  ProjectionTables,
  ProjectionTransaction,
  Projector,
} from '../../application/ports/projector.ts';
import { type TicketEvent, isClosedStateType, utcDay } from '../../domain/otrs/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import {
  AGENT_ACTIONS,
  TICKET_TIMINGS,
  createOtrsMetricsIndexes,
  createOtrsMetricsTables,
} from './otrs-metrics-tables.ts';
import { OTRS_SCHEMA } from './otrs-tables.ts';

type MetricsEvent = Extract<
  TicketEvent,
  {
    type:
      | 'TicketOpened'
      | 'TicketOwnerChanged'
      | 'TicketLockChanged'
      | 'TicketStateChanged'
      | 'TicketActionSucceeded';
  }
>;

const EVENT_TYPES: readonly MetricsEvent['type'][] = [
  'TicketOpened',
  'TicketOwnerChanged',
  'TicketLockChanged',
  'TicketStateChanged',
  'TicketActionSucceeded',
];

/**
 * `otrs.agent_actions` and `otrs.ticket_timings`: the per-agent metrics (actions by kind per day, time to
 * take, time to close), as `agent-metrics.ts` folds them, plus takes and closes made in OTRS itself. Nothing
 * personal: ids, kinds and times.
 */
export const otrsMetricsProjector: Projector = {
  name: 'otrs-metrics',
  version: 1,
  schema: OTRS_SCHEMA,
  tables: [AGENT_ACTIONS, TICKET_TIMINGS],
  eventTypes: EVENT_TYPES,
  createTables: createOtrsMetricsTables,
  createIndexes: createOtrsMetricsIndexes,

  async apply(events, trx, tables) {
    for (const recorded of events) await applyOne(recorded, trx, tables);
  },
};

async function applyOne(
  recorded: RecordedEvent,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const timings = tables.table(TICKET_TIMINGS);
  // The subscription delivers only EVENT_TYPES.
  const event = { type: recorded.type, data: recorded.data } as MetricsEvent;
  const at = recorded.metadata.occurredAt;
  /** A take seen in OTRS: the owner holds the lock (first take only; fills the agent of a TBot take). */
  const takenInOtrs = `taken_by_agent = case when lock = 'lock' and owner_id is not null
        and (taken_at is null or taken_by_agent is null) then owner_id else taken_by_agent end,
      taken_at = case when lock = 'lock' and owner_id is not null and taken_at is null then $2::timestamptz
        else taken_at end`;
  switch (event.type) {
    case 'TicketOpened': {
      const { ticketId, created, changed, state, ownerId, lock } = event.data;
      // A ticket first seen locked or closed was taken or closed before TBot watched: nobody's time (its
      // close is kept, so that a later close is not counted as the first).
      const closed = isClosedStateType(state.stateType);
      await trx.query(
        `insert into ${timings} (ticket_id, created, owner_id, lock, closed_at)
         values ($1, $2, $3, $4, $5) on conflict (ticket_id) do nothing`,
        [ticketId, created, ownerId, lock, closed ? changed : null],
      );
      return;
    }
    case 'TicketOwnerChanged':
      await trx.query(`update ${timings} set owner_id = $2 where ticket_id = $1`, [
        event.data.ticketId,
        event.data.to,
      ]);
      await trx.query(`update ${timings} set ${takenInOtrs} where ticket_id = $1`, [
        event.data.ticketId,
        event.data.changed,
      ]);
      return;
    case 'TicketLockChanged':
      await trx.query(`update ${timings} set lock = $2 where ticket_id = $1`, [
        event.data.ticketId,
        event.data.to,
      ]);
      await trx.query(`update ${timings} set ${takenInOtrs} where ticket_id = $1`, [
        event.data.ticketId,
        event.data.changed,
      ]);
      return;
    case 'TicketStateChanged':
      // The first close counts, as the original bot did: a reopened ticket closed again changes nothing.
      if (!isClosedStateType(event.data.to.stateType)) return;
      await trx.query(
        `update ${timings} set closed_at = $2, closed_by_agent = owner_id
         where ticket_id = $1 and closed_at is null`,
        [event.data.ticketId, event.data.changed],
      );
      return;
    case 'TicketActionSucceeded': {
      const { ticketId, kind, requestedBy } = event.data;
      await trx.query(
        `insert into ${tables.table(AGENT_ACTIONS)} (telegram_user_id, day, kind, count) values ($1, $2, $3, 1)
         on conflict (telegram_user_id, day, kind) do update set count = ${tables.table(AGENT_ACTIONS)}.count + 1`,
        [requestedBy, utcDay(at), kind],
      );
      if (kind === 'take') {
        await trx.query(
          `update ${timings} set taken_by_user = $3, taken_at = coalesce(taken_at, $2)
           where ticket_id = $1 and taken_by_user is null`,
          [ticketId, at, requestedBy],
        );
      } else if (kind === 'close') {
        await trx.query(
          `update ${timings} set closed_by_user = $3, closed_at = coalesce(closed_at, $2)
           where ticket_id = $1 and closed_by_user is null`,
          [ticketId, at, requestedBy],
        );
      }
      return;
    }
    default:
      assertNever(event);
  }
}
