import test from 'ava';
import { aggregateStream } from '../../../application/commands/index.ts';
import type { Event } from '../../../domain/shared/index.ts';
import type { EventStore, RecordedEvent } from '../../../application/ports/index.ts';
import { testMetadata } from '../../support/event-fixtures.ts';
import { recordedLog } from '../../support/recorded-events.ts';
import { tallyDecider } from './tally-decider.ts';

/** A store that holds one stream's events and notes which streams were read. */
function storeOf(recorded: readonly RecordedEvent[]) {
  const read: string[] = [];
  const store: Pick<EventStore, 'readStream'> = {
    // The test's word for the stream's events, as a caller's is in the real store.
    readStream: <E extends Event>(streamId: string) => {
      read.push(streamId);
      return Promise.resolve(recorded as RecordedEvent<E>[]);
    },
  };
  return { store, read };
}

const increased = (amount: number) => ({
  type: 'TallyIncreased',
  data: { tallyId: 't1', amount },
  metadata: testMetadata,
});

test('an empty stream aggregates to the initial state and expects no stream', async (t) => {
  const { store, read } = storeOf([]);
  const aggregated = await aggregateStream(store, tallyDecider, 'tally-t1');
  t.deepEqual(aggregated, { state: { total: 0 }, events: [], expectedRevision: 'no_stream' });
  t.deepEqual(read, ['tally-t1']);
});

test('a stream folds with its decider and expects its last revision', async (t) => {
  const log = recordedLog();
  log.append('tally-t0', [increased(100)]);
  const recorded = log.append('tally-t1', [increased(2), increased(3), increased(4)]);
  const { store } = storeOf(recorded);
  const aggregated = await aggregateStream(store, tallyDecider, 'tally-t1');
  t.deepEqual(aggregated.state, { total: 9 });
  t.is(aggregated.expectedRevision, 2);
  // Typed by the decider's events: the data reads without a cast.
  t.deepEqual(
    aggregated.events.map((event) => event.data.amount),
    [2, 3, 4],
  );
});
