import test from 'ava';
import { renderStatus } from '../../../../interfaces/cli/projections/status-render.ts';
import type {
  ProjectionStatusView,
  StatusReport,
} from '../../../../interfaces/cli/projections/status-report.ts';

const EVIL = 'Evil\u001b]0;pwned\u0007\u202e';

const parked: ProjectionStatusView = {
  name: 'employees',
  version: 3,
  builtVersion: 3,
  state: 'parked',
  rebuildingSince: null,
  checkpoint: '100/7',
  position: 7,
  headPosition: 9,
  lag: 2,
  lagAtLeast: false,
  heldBack: 0,
  owner: `node-${EVIL}`,
  epoch: 1,
  lease: { kind: 'redis', holder: `node-${EVIL}:token`, node: `node-${EVIL}`, expiresInMs: 4000 },
  eventsApplied: 7,
  eventsPerSecond: null,
  parked: {
    position: 8,
    checkpoint: '101/8',
    eventType: 'EmployeeRenamed',
    error: `invalid name "${EVIL}"`,
    at: '2026-12-02T14:00:00.000Z',
  },
};

const report: StatusReport = {
  at: '2026-12-02T14:00:01.000Z',
  head: { checkpoint: '102/9', position: 9 },
  projections: [parked],
  oldestTransaction: {
    pid: 42,
    applicationName: `psql-${EVIL}`,
    state: 'idle in transaction',
    startedAt: '2026-12-02T13:00:00.000Z',
    xid: '103',
    xmin: null,
    query: `select '${EVIL}'`,
  },
  horizonHolder: null,
  outbox: { pending: 0, sent: 0, undeliverable: 0 },
};

test('projections status shows owners, errors, application names and queries with their controls escaped', (t) => {
  const text = renderStatus(report);
  for (const raw of ['\u001b', '\u0007', '\u202e']) t.false(text.includes(raw), text);
  t.true(text.includes('node-Evil\\x1b]0;pwned\\x07\\u202e'), text);
  t.true(text.includes('invalid name "Evil\\x1b]0;pwned\\x07\\u202e"'), text);
  t.true(text.includes('application "psql-Evil\\x1b'), text);
  // The table's columns are measured on what is shown: the header and the row line up.
  const [header, row] = text.split('\n').filter((line) => /^(PROJECTION|employees)\s/.test(line));
  t.is(header?.indexOf('LEASE'), row?.indexOf('node-Evil', row.indexOf('node-Evil') + 1));
});
