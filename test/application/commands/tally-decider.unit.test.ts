import test from 'ava';
import { testMetadata } from '../../support/event-fixtures.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { LIMIT_EXCEEDED, type TallyCommand, type TallyEvent, tallyDecider } from './tally-decider.ts';

const spec = deciderSpec(tallyDecider);
const add = (amount: number): TallyCommand => ({
  type: 'AddToTally',
  data: { tallyId: 't1', amount, limit: 10 },
  metadata: testMetadata,
});
const increased = (amount: number): TallyEvent => ({
  type: 'TallyIncreased',
  data: { tallyId: 't1', amount },
});

test('decides an increase on an empty history', (t) => {
  spec(t)
    .given([])
    .when(add(3))
    .then([increased(3)]);
});

test('refuses an increase past the limit with a stable code', (t) => {
  spec(t)
    .given([increased(6), increased(3)])
    .when(add(2))
    .thenThrows(LIMIT_EXCEEDED);
});

test('decides nothing for a command that changes nothing', (t) => {
  spec(t)
    .given([increased(1)])
    .when(add(0))
    .then([]);
});
