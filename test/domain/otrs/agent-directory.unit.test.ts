import test from 'ava';
import { otrsAgentDecider } from '../../../domain/otrs/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(otrsAgentDecider);
const seen = (login: string) => ({
  type: 'RecordOtrsAgentSeen' as const,
  data: { agentId: 7, login },
  metadata,
});

test('records an agent id’s login once, and again only when OTRS renames the agent', (t) => {
  const first = { type: 'OtrsAgentSeen' as const, data: { agentId: 7, login: 'i.petrov' } };
  spec(t).given([]).when(seen('i.petrov')).then([first]);
  spec(t).given([first]).when(seen('i.petrov')).then([]);
  spec(t)
    .given([first])
    .when(seen('i.petrova'))
    .then([{ type: 'OtrsAgentSeen', data: { agentId: 7, login: 'i.petrova' } }]);
  spec(t).given([first]).when(seen('  ')).then([]);
});
