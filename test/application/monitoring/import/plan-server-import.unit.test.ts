import test from 'ava';
import type { CellValue } from '../../../../application/employees/sheet/index.ts';
import {
  type MonitoringSnapshot,
  planServerImport,
  readServerSheet,
} from '../../../../application/monitoring/import/index.ts';

const HEADER = ['Group', 'Name', 'Host', 'Parent', 'Checks', 'Interval'];
const TIMING = {
  intervalSeconds: 60,
  retryIntervalSeconds: 60,
  timeoutSeconds: 10,
  retries: 1,
  resendIntervalSeconds: 0,
};
const GROUP_ID = '10000000-0000-4000-8000-000000000001';
const GROUP = {
  status: 'active',
  groupId: GROUP_ID,
  name: 'Базы',
  alerts: null,
  quietHours: null,
  statusRule: { kind: 'any' },
} as const;

// TBot has a group "Базы" and db1 (in it, tcp:5432 every 60 s) and app1 depending on db1.
const SNAPSHOT: MonitoringSnapshot = {
  groups: [
    {
      status: 'active',
      groupId: GROUP_ID,
      name: 'Базы',
      alerts: null,
      quietHours: null,
      statusRule: { kind: 'any' },
    },
  ],
  servers: [
    {
      status: 'active',
      serverId: 'db1-id',
      name: 'db1',
      host: 'db1.corp.example',
      groupId: GROUP_ID,
      parentId: null,
      checks: [
        {
          checkId: 'db1-tcp',
          definition: { kind: 'tcp', host: 'db1.corp.example', port: 5432 },
          timing: TIMING,
        },
      ],
    },
    {
      status: 'active',
      serverId: 'app1-id',
      name: 'app1',
      host: 'app1.corp.example',
      groupId: null,
      parentId: 'db1-id',
      checks: [
        { checkId: 'app1-ping', definition: { kind: 'ping', host: 'app1.corp.example' }, timing: TIMING },
      ],
    },
  ],
};

const plan = (rows: (readonly CellValue[])[], snapshot = SNAPSHOT) =>
  planServerImport({
    sheet: readServerSheet([{ name: 'S', firstRow: 1, rows: [HEADER, ...rows] }]),
    snapshot,
    defaultIntervalSeconds: 60,
  });
const outcomes = (result: ReturnType<typeof plan>) =>
  result.rows.map((row) => [row.name, row.outcome, ...row.problems.map((p) => `${p.field}: ${p.message}`)]);

test('a row that says what TBot has is unchanged; a name is matched case aside', (t) => {
  const result = plan([['базы', 'DB1', 'db1.corp.example', null, 'tcp:5432', null]]);
  t.deepEqual(outcomes(result), [['DB1', 'change']]);
  t.deepEqual(result.rows[0]?.changes, ['name'], 'DB1 renames db1: the same server');
  const same = plan([['Базы', 'db1', 'db1.corp.example', null, 'tcp:5432', 60]]);
  t.deepEqual(outcomes(same), [['db1', 'unchanged']]);
  t.deepEqual(same.groupsToCreate, []);
  t.is(same.absent, 1, 'app1 is not in the sheet, and stays');
});

test('a changed row lists what changes: host, group, checks added, changed and removed', (t) => {
  const result = plan([['Новая', 'db1', 'db1b.corp.example', null, 'tcp:5432; tcp:6432', 30]]);
  t.deepEqual(outcomes(result), [['db1', 'change']]);
  t.deepEqual(result.rows[0]?.changes, ['host', 'group', '~tcp:5432', '+tcp:6432']);
  t.deepEqual(
    result.rows[0]?.steps.map((step) => step.kind),
    ['change', 'group', 'addCheck', 'changeCheck'],
  );
  t.deepEqual(result.groupsToCreate, [{ key: 'новая', name: 'Новая', rows: [2] }]);
  const replaced = plan([[null, 'app1', 'app1.corp.example', 'db1', 'tcp:22', null]]);
  t.deepEqual(replaced.rows[0]?.changes, ['+tcp:22', '-ping'], 'no group and db1 as parent: as it is');
  t.deepEqual(
    replaced.rows[0]?.steps.map((step) => step.kind),
    ['addCheck', 'removeCheck'],
    'added before the old one goes: a server always has a check',
  );
});

test('a parent may be a row further down or a server TBot has; parents come first', (t) => {
  const result = plan([
    [null, 'web1', '10.0.0.1', 'web2', 'ping', null],
    [null, 'web2', '10.0.0.2', 'app1', 'ping', null],
  ]);
  t.deepEqual(outcomes(result), [
    ['web1', 'create'],
    ['web2', 'create'],
  ]);
  t.deepEqual(
    result.rows.map((row) => row.depth),
    [3, 2],
    'web1 → web2 → app1 → db1',
  );
});

test('a cycle is refused on every row in it, through the sheet or through TBot', (t) => {
  t.deepEqual(
    outcomes(
      plan([
        [null, 'a', '10.0.0.1', 'b', 'ping', null],
        [null, 'b', '10.0.0.2', 'a', 'ping', null],
        [null, 'c', '10.0.0.3', 'a', 'ping', null],
      ]),
    ),
    [
      ['a', 'error', 'parent: a → b → a is a cycle'],
      ['b', 'error', 'parent: b → a → b is a cycle'],
      ['c', 'error', 'parent: its parents lead into a cycle (a → b → a)'],
    ],
  );
  // app1 depends on db1 in TBot: db1 depending on app1 closes the loop.
  t.deepEqual(outcomes(plan([['Базы', 'db1', 'db1.corp.example', 'app1', 'tcp:5432', null]])), [
    ['db1', 'error', 'parent: db1 → app1 → db1 is a cycle'],
  ]);
  t.deepEqual(outcomes(plan([[null, 'x', '10.0.0.1', 'x', 'ping', null]])), [
    ['x', 'error', 'parent: a server cannot depend on itself'],
  ]);
});

test('a refused new row refuses the rows that depend on it, and nothing else', (t) => {
  t.deepEqual(
    outcomes(
      plan([
        [null, 'p', '10.0.0.1', null, 'tcp:70000', null],
        [null, 'child', '10.0.0.2', 'p', 'ping', null],
        [null, 'grandchild', '10.0.0.3', 'child', 'ping', null],
        [null, 'other', '10.0.0.4', null, 'ping', null],
        ['Базы', 'db1', 'db1.corp.example', null, 'tcp:5432', 5],
        [null, 'below-db1', '10.0.0.5', 'db1', 'ping', null],
      ]),
    ),
    [
      ['p', 'error', 'checks: "tcp:70000": port must be a whole number from 1 to 65535'],
      ['child', 'error', 'parent: its parent, row 2 (p), is refused, so it is not created'],
      ['grandchild', 'error', 'parent: a server above it, row 2 (p), is refused, so it is not created'],
      ['other', 'create'],
      ['db1', 'error', 'interval: "5" is out of range: a whole number of seconds from 10 to 3600'],
      ['below-db1', 'create'],
    ],
  );
});

test('refuses a name twice in the sheet, an unknown parent, a new server without checks, a group two groups share', (t) => {
  const twoGroups: MonitoringSnapshot = {
    ...SNAPSHOT,
    groups: [...SNAPSHOT.groups, { ...GROUP, groupId: '10000000-0000-4000-8000-000000000002' }],
  };
  t.deepEqual(
    outcomes(
      plan(
        [
          [null, 'dup', '10.0.0.1', null, 'ping', null],
          [null, 'DUP', '10.0.0.2', null, 'ping', null],
          [null, 'orphan', '10.0.0.3', 'nobody', 'ping', null],
          [null, 'bare', '10.0.0.4', null, null, null],
          ['Базы', 'grouped', '10.0.0.5', null, 'ping', null],
          [null, 'twice', '10.0.0.6', null, 'tcp:22; tcp:22', null],
        ],
        twoGroups,
      ),
    ),
    [
      ['dup', 'error', 'name: the sheet names "dup" on rows 2, 3'],
      ['DUP', 'error', 'name: the sheet names "DUP" on rows 2, 3'],
      ['orphan', 'error', 'parent: no server is called "nobody", in the sheet or in TBot'],
      ['bare', 'error', 'checks: a new server needs at least one check'],
      ['grouped', 'error', 'group: 2 groups are called "Базы": rename one'],
      ['twice', 'error', 'checks: "tcp:22" is listed twice'],
    ],
  );
});

test('refuses a check listed twice on a server TBot has, changing nothing of it', (t) => {
  const result = plan([['Другая', 'db1', 'db1b.corp.example', null, 'tcp:5432; tcp:5432', null]]);
  t.deepEqual(outcomes(result), [['db1', 'error', 'checks: "tcp:5432" is listed twice']]);
  t.deepEqual(result.rows[0]?.steps, []);
  t.deepEqual(result.groupsToCreate, [], 'a refused row creates no group');
});

test('an interval alone changes every check of a server; a kept timeout too long for it is shortened', (t) => {
  const result = planServerImport({
    sheet: readServerSheet([
      {
        name: 'S',
        firstRow: 1,
        rows: [
          ['Name', 'Host', 'Interval'],
          ['db1', 'db1.corp.example', 10],
        ],
      },
    ]),
    snapshot: SNAPSHOT,
    defaultIntervalSeconds: 60,
  });
  t.deepEqual(result.rows[0]?.changes, ['~tcp:5432']);
  const step = result.rows[0]?.steps[0];
  t.like(step, {
    kind: 'changeCheck',
    checkId: 'db1-tcp',
    check: { timing: { intervalSeconds: 10, timeoutSeconds: 9 } },
  });
});
