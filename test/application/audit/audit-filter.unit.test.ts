import test from 'ava';
import { type AuditFilter, matchesAuditFilter, parseActorFilter } from '../../../application/audit/index.ts';
import type { RecordedEvent } from '../../../application/ports/index.ts';
import { recordedLog } from '../../support/recorded-events.ts';

test('reads kind:id only when the kind is an actor kind', (t) => {
  t.deepEqual(parseActorFilter('alice'), { id: 'alice' });
  t.deepEqual(parseActorFilter('telegram:42'), { kind: 'telegram', id: '42' });
  t.deepEqual(parseActorFilter('cli:a:b'), { kind: 'cli', id: 'a:b' });
  t.deepEqual(parseActorFilter('ldap:alice'), { id: 'ldap:alice' });
  t.deepEqual(parseActorFilter(':alice'), { id: ':alice' });
});

const [event] = recordedLog().append('employee-1', [
  {
    type: 'EmployeeHired',
    data: {},
    metadata: {
      actor: { kind: 'admin', id: 'alice', name: 'Alice' },
      correlationId: 'corr-1',
      causationId: 'corr-1',
      source: 'http',
      occurredAt: '2026-03-01T12:00:00.000Z',
    },
  },
]);

function matches(filter: AuditFilter): boolean {
  return matchesAuditFilter(event as RecordedEvent, filter);
}

test('every field narrows; an empty filter matches', (t) => {
  t.true(matches({}));
  t.true(matches({ actor: { id: 'alice' } }));
  t.true(matches({ actor: { id: 'alice', kind: 'admin' } }));
  t.false(matches({ actor: { id: 'alice', kind: 'telegram' } }));
  t.false(matches({ actor: { id: 'bob' } }));
  t.true(matches({ streamId: 'employee-1' }));
  t.false(matches({ streamId: 'employee-' }));
  t.true(matches({ streamPrefix: 'employee-' }));
  t.false(matches({ streamPrefix: 'server-' }));
  t.true(matches({ eventTypes: ['X', 'EmployeeHired'] }));
  t.false(matches({ eventTypes: ['X'] }));
  t.true(matches({ correlationId: 'corr-1' }));
  t.false(matches({ correlationId: 'corr-2' }));
  const { checkpoint } = event as RecordedEvent;
  t.true(matches({ from: checkpoint }));
  t.false(matches({ from: { ...checkpoint, position: checkpoint.position + 1n } }));
  // Log order: an earlier transaction comes first whatever its position (a late commit).
  t.true(matches({ from: { transactionId: checkpoint.transactionId - 1n, position: 1000n } }));
  t.false(matches({ from: { transactionId: checkpoint.transactionId + 1n, position: 0n } }));
});

test('since is inclusive and until exclusive, on occurredAt', (t) => {
  const at = new Date('2026-03-01T12:00:00.000Z');
  t.true(matches({ since: at }));
  t.false(matches({ until: at }));
  t.true(matches({ since: new Date('2026-03-01T11:00:00Z'), until: new Date('2026-03-01T12:00:00.001Z') }));
  t.false(matches({ since: new Date('2026-03-01T12:00:00.001Z') }));
});
