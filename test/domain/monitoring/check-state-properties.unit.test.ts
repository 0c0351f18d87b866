import test from 'ava';
import fc from 'fast-check';
import {
  type CheckState,
  type CheckStateCommand,
  type CheckStateEvent,
  checkStateDecider,
} from '../../../domain/monitoring/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const ref = { checkId: 'c1', serverId: 's1' };
const windows = ['w1', 'w2'];

/** Any command a check's stream may be given, its results in rising slots of a 60 s check. */
const commandAt = (slot: number) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .record({
          status: fc.constantFrom('up' as const, 'down' as const),
          retries: fc.integer({ min: 0, max: 3 }),
          // An https check's certificate: none (another kind), or one of two, expiring or not.
          tls: fc.option(
            fc.record({ validTo: fc.constantFrom('2027-01-01', '2027-06-01'), expiring: fc.boolean() }),
          ),
        })
        .map(({ status, retries, tls }): CheckStateCommand => ({
          type: 'RecordProbeResult',
          data: {
            ...ref,
            probe: {
              slot,
              at: new Date(slot * 60_000).toISOString(),
              status,
              error: status === 'down' ? 'refused' : null,
              retries,
              parentDown: null,
              ...(tls === null ? {} : { tlsValidTo: tls.validTo, tlsExpiring: tls.expiring }),
            },
          },
          metadata,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...windows).map((windowId): CheckStateCommand => ({
        type: 'StartMaintenance',
        data: { ...ref, windowId },
        metadata,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...windows).map((windowId): CheckStateCommand => ({
        type: 'EndMaintenance',
        data: { ...ref, windowId, probe: null },
        metadata,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('PauseCheck' as const, 'ResumeCheck' as const)
        .map((type): CheckStateCommand => ({ type, data: ref, metadata })),
    },
  );

const histories = fc
  .integer({ min: 1, max: 60 })
  .chain((length) => fc.tuple(...Array.from({ length }, (_, i) => commandAt(i + 1))));

/** Feeds the commands one after another; every event with the state before and after it. */
function replay(commands: readonly CheckStateCommand[]) {
  let state = checkStateDecider.initialState();
  const steps: { before: CheckState; event: CheckStateEvent; after: CheckState }[] = [];
  for (const command of commands) {
    for (const event of checkStateDecider.decide(command, state)) {
      const after = checkStateDecider.evolve(state, event);
      steps.push({ before: state, event, after });
      state = after;
    }
  }
  return steps;
}

test('every event changes the state: a result that changes nothing emits nothing', (t) => {
  fc.assert(
    fc.property(histories, (commands) =>
      replay(commands).every(({ before, after }) => JSON.stringify(before) !== JSON.stringify(after)),
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test('alerts only on UP→DOWN, PENDING→DOWN, MAINTENANCE→DOWN (or a first result) and DOWN→UP; none under maintenance', (t) => {
  fc.assert(
    fc.property(histories, (commands) =>
      replay(commands).every(({ before, event }) => {
        if (event.type === 'ServerRecovered') return before.status === 'down';
        if (event.type !== 'ServerWentDown') return true;
        // `unknown` is a first result, or the first after a maintenance window or a pause.
        return before.status === 'up' || before.status === 'pending' || before.status === 'unknown';
      }),
    ),
    { numRuns: 300 },
  );
  // No alert while a window is on or the check is paused.
  fc.assert(
    fc.property(histories, (commands) =>
      replay(commands).every(
        ({ before, event }) =>
          (event.type !== 'ServerWentDown' && event.type !== 'ServerRecovered') ||
          (before.status !== 'maintenance' && before.status !== 'paused'),
      ),
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test('DOWN and recovery alternate: every recovery closes the incident the last DOWN opened', (t) => {
  fc.assert(
    fc.property(histories, (commands) => {
      let open: string | null = null;
      for (const { event } of replay(commands)) {
        if (event.type === 'ServerWentDown') {
          if (open !== null) return false;
          open = event.data.incidentId;
        }
        if (event.type === 'ServerRecovered') {
          if (event.data.incidentId !== open) return false;
          open = null;
        }
        const closed = 'closedIncident' in event.data ? event.data.closedIncident : null;
        if (closed !== null) {
          if (closed.incidentId !== open) return false;
          open = null;
        }
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});
