import test from 'ava';
import { type TicketSnapshot, ticketDecider } from '../../../domain/otrs/index.ts';
import { isRepeatedOtrsTime, parseOtrsTime } from '../../../infrastructure/otrs/otrs-local-time.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { openedEvents } from '../../../domain/otrs/ticket-observation.ts';
import { observe, snapshot, ticketId } from './ticket-fixtures.ts';

// OTRS writes local times without a zone (review: DST). In Berlin summer time ends on 2026-10-25 at 03:00,
// when clocks go back to 02:00: 02:00–02:59 happens twice, and is read as its first pass. A change made at
// 02:10 winter time (01:10Z) comes after one made at 02:50 summer time (00:50Z) but reads as 00:10Z.
const spec = deciderSpec(ticketDecider);
const ZONE = 'Europe/Berlin';

/** A snapshot as the feed maps OTRS's `Changed` text: its instant, and whether that wall clock repeats. */
const at = (local: string, changes: Partial<TicketSnapshot> = {}): TicketSnapshot => {
  const changed = parseOtrsTime(local, ZONE);
  if (changed === null) throw new Error(`not an OTRS time: ${local}`);
  return snapshot({
    changed: changed.toISOString(),
    ...(isRepeatedOtrsTime(local, ZONE) ? { changedAmbiguous: true } : {}),
    ...changes,
  });
};

const firstPass = at('2026-10-25 02:50:00');
const seenFirst = openedEvents(firstPass);

test('the hour repeated at the end of summer time is told apart from the hours around it', (t) => {
  t.true(isRepeatedOtrsTime('2026-10-25 02:10:00', ZONE));
  t.true(isRepeatedOtrsTime('2026-10-25 02:59:59', ZONE));
  t.false(isRepeatedOtrsTime('2026-10-25 01:59:59', ZONE));
  t.false(isRepeatedOtrsTime('2026-10-25 03:00:00', ZONE));
  t.false(isRepeatedOtrsTime('2026-03-29 02:30:00', ZONE), 'the skipped spring hour is not repeated');
  t.is(parseOtrsTime('2026-10-25 02:10:00', ZONE)?.toISOString(), '2026-10-25T00:10:00.000Z');
});

test('a change of the repeated hour’s second pass is recorded, though it reads older, keeping the later time', (t) => {
  spec(t)
    .given(seenFirst)
    .when(observe(at('2026-10-25 02:10:00', { state: 'open', stateType: 'open' })))
    .then([
      {
        type: 'TicketStateChanged',
        data: {
          ticketId,
          from: { state: 'new', stateType: 'new' },
          to: { state: 'open', stateType: 'open' },
          // The stream's change time does not go back.
          changed: firstPass.changed,
        },
      },
    ]);
});

test('in the repeated hour the same state again records nothing, and an older article is older for sure', (t) => {
  spec(t)
    .given(seenFirst)
    .when(observe(at('2026-10-25 02:10:00')))
    .then([]);
  const older = at('2026-10-25 02:10:00', {
    state: 'open',
    stateType: 'open',
    latestArticle: {
      ...(firstPass.latestArticle as NonNullable<TicketSnapshot['latestArticle']>),
      articleId: 1,
    },
  });
  spec(t).given(seenFirst).when(observe(older)).then([]);
});

test('outside the repeated hour an older snapshot is still older', (t) => {
  const seenAfter = openedEvents(at('2026-10-25 03:30:00'));
  // 02:10 read as its first pass is 80 minutes before 03:30 winter time: more than the repeat can explain.
  spec(t)
    .given(seenAfter)
    .when(observe(at('2026-10-25 02:10:00', { state: 'open', stateType: 'open' })))
    .then([]);
  spec(t)
    .given(openedEvents(at('2026-10-24 12:00:00')))
    .when(observe(at('2026-10-24 11:30:00', { state: 'open', stateType: 'open' })))
    .then([]);
});
