import test from 'ava';
import type { CellValue, SheetGrid } from '../../../../application/employees/sheet/index.ts';
import { readServerSheet } from '../../../../application/monitoring/import/index.ts';

const grid = (rows: (readonly CellValue[])[], name = 'Servers'): SheetGrid => ({ name, firstRow: 1, rows });
const problems = (rows: (readonly CellValue[])[]) =>
  readServerSheet([grid(rows)]).rows.map((row) => [
    row.row,
    row.problems.map((p) => `${p.field}: ${p.message}`),
  ]);

const HEADER = ['Group', 'Name', 'Host', 'Parent', 'Checks', 'Interval', 'Timeout', 'Retries', 'Resend'];

test('finds a Russian header below a title, and skips the title and blank rows', (t) => {
  const sheet = readServerSheet([
    grid([
      ['Серверы компании', null],
      [null, null],
      [
        'Группа',
        'Сервер',
        'Адрес',
        'Зависит от',
        'Проверки',
        'Интервал.',
        'Таймаут',
        'Повторы',
        'Напоминания',
      ],
      ['Базы', 'db1', 'DB1.corp.example', null, 'tcp:5432', '1m', 5, 2, '30 мин'],
      [null, null, null, null, null, null, null, null, null],
    ]),
  ]);
  t.is(sheet.headerRow, 3);
  t.deepEqual(Object.keys(sheet.columns), [
    'group',
    'name',
    'host',
    'parent',
    'checks',
    'interval',
    'timeout',
    'retries',
    'resend',
  ]);
  t.deepEqual(sheet.skipped, [
    { row: 1, reason: 'title' },
    { row: 2, reason: 'blank' },
    { row: 5, reason: 'blank' },
  ]);
  t.like(sheet.rows[0], {
    row: 4,
    name: 'db1',
    host: 'db1.corp.example',
    group: 'Базы',
    parent: null,
    timing: { intervalSeconds: 60, timeoutSeconds: 5, retries: 2, resendIntervalSeconds: 1800 },
    problems: [],
  });
});

test('a column the sheet lacks is undefined (left as it is), an empty cell of one it has is null', (t) => {
  const [row] = readServerSheet([
    grid([
      ['Name', 'Host'],
      ['db1', '10.0.0.1'],
    ]),
  ]).rows;
  t.is(row?.group, undefined);
  t.is(row?.parent, undefined);
  t.is(row?.checks, undefined);
  const [withColumns] = readServerSheet([
    grid([
      ['Name', 'Host', 'Group'],
      ['db1', '10.0.0.1', null],
    ]),
  ]).rows;
  t.is(withColumns?.group, null);
});

test('refuses a sheet without the name and host columns, naming what it looked for', (t) => {
  const error = t.throws(() => readServerSheet([grid([['Hostname only'], ['db1']])]));
  t.is((error as { code?: string }).code, 'IMPORT.NO_HEADER');
  t.throws(
    () =>
      readServerSheet([
        grid([
          ['Name', 'Checks'],
          ['db1', 'ping'],
        ]),
      ]),
    {
      message: /server .* and host/,
    },
  );
});

test('refuses a row with a control character in any cell read, naming the column and not the text', (t) => {
  const rows = readServerSheet([
    grid([
      HEADER,
      ['Базы', 'db\u00001', '10.0.0.1', null, 'ping', null, null, null, null],
      ['Базы', 'db2', '10.0.0.2', null, 'ping;\u0007tcp:22', null, null, null, null],
      ['Base\u001b[31m', 'db3', '10.0.0.3', null, 'ping', null, null, null, null],
      ['Базы', 'db4', '10.0.0.4', null, 'ping\ntcp:22', null, null, null, null],
    ]),
  ]).rows;
  t.deepEqual(
    rows.map((row) => row.problems.map((p) => p.field)),
    [['name'], ['checks'], ['group'], []],
  );
  t.regex(rows[0]?.problems[0]?.message ?? '', /control character \(U\+0000\)/);
  t.is(rows[0]?.name, '', 'a name with a control character is not shown');
  t.deepEqual(
    rows[3]?.checks?.map((check) => check.text),
    ['ping', 'tcp:22'],
    'a checks cell may list one check a line',
  );
});

test('refuses an interval outside 10..3600 s, and other timing out of range, each naming its column', (t) => {
  t.deepEqual(
    problems([
      HEADER,
      [null, 'a', '10.0.0.1', null, 'ping', 5, null, null, null],
      [null, 'b', '10.0.0.2', null, 'ping', '2h', null, null, null],
      [null, 'c', '10.0.0.3', null, 'ping', 'often', null, null, null],
      [null, 'd', '10.0.0.4', null, 'ping', '10s', 0, 11, 30],
      [null, 'e', '10.0.0.5', null, 'ping', 3600, 30, 0, '1h'],
    ]),
    [
      [2, ['interval: "5" is out of range: a whole number of seconds from 10 to 3600']],
      [3, ['interval: "2h" is out of range: a whole number of seconds from 10 to 3600']],
      [4, ['interval: "often" is out of range: a whole number of seconds from 10 to 3600']],
      [
        5,
        [
          'timeout: "0" is out of range: a whole number of seconds from 1 to 3600',
          'retries: "11" is out of range: a whole number from 0 to 10',
          'resend: "30" is out of range: 0 (no reminders) or 60 to 604800 seconds',
        ],
      ],
      [6, []],
    ],
  );
});

test('names the column of a bad host, a missing name and a bad check', (t) => {
  t.deepEqual(
    problems([
      HEADER,
      [null, null, '10.0.0.1', null, 'ping', null, null, null, null],
      [null, 'x', '10.0.0.300', null, 'ping', null, null, null, null],
      [null, 'y', 'y.corp.example', null, 'tcp:70000', null, null, null, null],
      [null, 'z'.repeat(101), 'z.corp.example', null, 'ping', null, null, null, null],
    ]),
    [
      [2, ['name: the row names no server']],
      [3, ['host: "10.0.0.300" is not a valid host name or IP address']],
      [4, ['checks: "tcp:70000": port must be a whole number from 1 to 65535']],
      [5, ['name: is longer than 100 characters']],
    ],
  );
});
