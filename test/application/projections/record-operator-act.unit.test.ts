import test from 'ava';
import { recordOperatorAct } from '../../../application/projections/index.ts';
import type { AppendOptions, EventStore, NewEvent } from '../../../application/ports/index.ts';

/** An event store that only remembers appends: recordOperatorAct needs nothing else. */
function appendsOnly() {
  const appends: { streamId: string; events: readonly NewEvent[]; options: AppendOptions | undefined }[] = [];
  const store = {
    append(streamId: string, events: readonly NewEvent[], options?: AppendOptions) {
      appends.push({ streamId, events, options });
      const position = BigInt(appends.length);
      return Promise.resolve({
        nextExpectedRevision: appends.length - 1,
        position,
        checkpoint: { transactionId: 7n, position },
        duplicate: false,
      });
    },
  } as Partial<EventStore> as EventStore;
  return { store, appends };
}

const clock = { now: () => new Date('2026-11-24T12:00:00.000Z') };
const actor = { kind: 'cli', id: 'alice', name: 'alice' } as const;

test('appends the act to the projection stream with its actor, a fresh correlation and the reason', async (t) => {
  const { store, appends } = appendsOnly();
  const result = await recordOperatorAct(
    { store, clock, ids: { newId: () => 'id-1' } },
    {
      event: {
        type: 'ProjectionEventSkipped',
        data: { projection: 'audit', position: '42', eventType: 'EmployeeHired', error: 'boom' },
      },
      actor,
      source: 'cli',
      reason: '  bad data ',
    },
  );
  t.is(result.position, 1n);
  t.is(appends.length, 1);
  t.is(appends[0]?.streamId, 'projection-audit');
  t.deepEqual(appends[0]?.events, [
    {
      type: 'ProjectionEventSkipped',
      data: { projection: 'audit', position: '42', eventType: 'EmployeeHired', error: 'boom' },
      metadata: {
        actor,
        correlationId: 'id-1',
        causationId: 'id-1',
        source: 'cli',
        occurredAt: '2026-11-24T12:00:00.000Z',
        reason: 'bad data',
      },
    },
  ]);
});

test('leaves the reason out when there is none, and makes a new correlation id per act', async (t) => {
  const { store, appends } = appendsOnly();
  for (const type of ['ProjectionRetried', 'ProjectionReset'] as const) {
    await recordOperatorAct(
      { store, clock },
      { event: { type, data: { projection: 'audit' } }, actor, source: 'cli', reason: ' ' },
    );
  }
  const [first, second] = appends.map((append) => append.events[0]?.metadata);
  t.false(first && 'reason' in first);
  t.regex(first?.correlationId ?? '', /^[0-9a-f-]{36}$/);
  t.not(first?.correlationId, second?.correlationId);
});
