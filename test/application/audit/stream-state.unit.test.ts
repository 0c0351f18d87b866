import test from 'ava';
import {
  type ProjectionStreamState,
  type StreamEvolver,
  evolverFor,
  foldStreamState,
  genericStreamEvolver,
  projectionStreamEvolver,
  streamStateFolder,
} from '../../../application/audit/index.ts';
import type { NewEvent } from '../../../application/ports/index.ts';
import type { EventMetadata } from '../../../domain/shared/index.ts';
import { recordedLog } from '../../support/recorded-events.ts';

function metadata(id: string, occurredAt: string, reason?: string): EventMetadata {
  return {
    actor: { kind: 'cli', id, name: id },
    correlationId: 'corr',
    causationId: 'corr',
    source: 'cli',
    occurredAt,
    ...(reason === undefined ? {} : { reason }),
  };
}

const event = (type: string, data: object, meta: EventMetadata): NewEvent => ({ type, data, metadata: meta });

test('picks the projection evolver for projection- streams and the generic one otherwise', (t) => {
  t.is(evolverFor('projection-audit'), projectionStreamEvolver);
  t.is(evolverFor('employee-1'), genericStreamEvolver);
  t.is(evolverFor('projection'), genericStreamEvolver);
  const narrow: StreamEvolver<number> = {
    name: 'narrow',
    description: 'counts',
    generic: false,
    initialState: () => 0,
    evolve: (state) => state + 1,
  };
  const registry = [
    { prefix: 'projection-', evolver: projectionStreamEvolver },
    { prefix: 'projection-audit', evolver: narrow },
  ];
  t.is(evolverFor('projection-audit', registry), narrow, 'the longest prefix wins');
});

test('folds a projection stream into its rebuilds, resets, retries and skipped events', (t) => {
  const log = recordedLog();
  const events = [
    ...log.append('other-1', [event('Unrelated', {}, metadata('x', '2026-01-01T00:00:00Z'))]),
    ...log.append('projection-audit', [
      event(
        'ProjectionRebuilt',
        { projection: 'audit', eventsApplied: 10 },
        metadata('alice', '2026-01-01T00:00:00Z'),
      ),
      event(
        'ProjectionRetried',
        { projection: 'audit', position: '11', eventType: 'X', error: 'boom' },
        metadata('bob', '2026-01-02T00:00:00Z'),
      ),
      event(
        'ProjectionEventSkipped',
        { projection: 'audit', position: '11', eventType: 'X', error: 'boom' },
        metadata('bob', '2026-01-03T00:00:00Z', 'bad data'),
      ),
      event('ProjectionReset', { projection: 'audit' }, metadata('carol', '2026-01-04T00:00:00Z')),
      event('ProjectionRenamed', { projection: 'audit' }, metadata('dave', '2026-01-05T00:00:00Z')),
    ]),
  ].filter((e) => e.streamId === 'projection-audit');

  const result = foldStreamState('projection-audit', events);
  t.deepEqual(result.evolver, {
    name: 'projection',
    description: projectionStreamEvolver.description,
    generic: false,
  });
  t.deepEqual(result.state as ProjectionStreamState, {
    projection: 'audit',
    rebuilds: 1,
    lastRebuild: { at: '2026-01-01T00:00:00Z', by: 'cli:alice', eventsApplied: 10 },
    resets: 1,
    lastReset: { at: '2026-01-04T00:00:00Z', by: 'cli:carol' },
    retries: 1,
    lastRetry: { at: '2026-01-02T00:00:00Z', by: 'cli:bob', position: '11', eventType: 'X', error: 'boom' },
    skippedEvents: [
      {
        at: '2026-01-03T00:00:00Z',
        by: 'cli:bob',
        reason: 'bad data',
        position: '11',
        eventType: 'X',
        error: 'boom',
      },
    ],
    unknownEvents: 1,
  });
  t.is(result.eventCount, 5);
  t.like(result.firstEvent, { position: 2n, revision: 0, type: 'ProjectionRebuilt', actor: 'cli:alice' });
  t.like(result.lastEvent, {
    position: 6n,
    revision: 4,
    type: 'ProjectionRenamed',
    occurredAt: '2026-01-05T00:00:00Z',
  });
});

test('the generic fold shallow-merges event data, later fields winning, and says it is generic', (t) => {
  const log = recordedLog();
  const events = log.append('thing-1', [
    event('ThingMade', { name: 'a', size: { w: 1, h: 2 } }, metadata('alice', '2026-01-01T00:00:00Z')),
    event('ThingResized', { size: { w: 3 } }, metadata('bob', '2026-01-02T00:00:00Z')),
  ]);
  const folder = streamStateFolder('thing-1');
  folder.apply(events.slice(0, 1));
  t.deepEqual(folder.result().state, { name: 'a', size: { w: 1, h: 2 } });
  folder.apply(events.slice(1));
  const result = folder.result();
  t.true(result.evolver.generic);
  t.regex(result.evolver.description, /shallow merge/);
  // Shallow: a nested object is replaced whole, not merged.
  t.deepEqual(result.state, { name: 'a', size: { w: 3 } });
  t.is(result.eventCount, 2);
  t.like(result.lastEvent, { position: 2n, type: 'ThingResized', actor: 'cli:bob' });
});

test('an empty history is the initial state, with no events to name', (t) => {
  const result = foldStreamState('projection-audit', []);
  t.like(result, { eventCount: 0, firstEvent: null, lastEvent: null });
  t.deepEqual(result.state, projectionStreamEvolver.initialState());
});

test('refuses an event of another stream', (t) => {
  const [other] = recordedLog().append('thing-2', [
    event('ThingMade', {}, metadata('x', '2026-01-01T00:00:00Z')),
  ]);
  t.throws(() => foldStreamState('thing-1', other ? [other] : []), {
    instanceOf: RangeError,
    message: /thing-2/,
  });
});
