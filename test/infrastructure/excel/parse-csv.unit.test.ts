import test from 'ava';
import { parseCsv } from '../../../infrastructure/excel/parse-csv.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../../infrastructure/excel/import-limits.ts';

const rows = (text: string | Uint8Array, limits = DEFAULT_IMPORT_LIMITS) =>
  parseCsv(typeof text === 'string' ? new TextEncoder().encode(text) : text, limits).rows;

test('reads quoted cells with commas, doubled quotes and line breaks, CRLF or LF', (t) => {
  t.deepEqual(rows('Name,Checks\r\ndb1,"tcp:22; https://db1/ keyword=""a, b"""\r\nweb1,"ping\ntcp:80"\n\n'), [
    ['Name', 'Checks'],
    ['db1', 'tcp:22; https://db1/ keyword="a, b"'],
    ['web1', 'ping\ntcp:80'],
  ]);
  t.deepEqual(rows('a,,""\n'), [['a', null, '']]);
});

test('guesses the delimiter from the first lines, a title line above the header aside', (t) => {
  t.deepEqual(rows('Серверы\nСервер;Хост\ndb1;10.0.0.1\n'), [
    ['Серверы'],
    ['Сервер', 'Хост'],
    ['db1', '10.0.0.1'],
  ]);
  t.deepEqual(rows('Name\tHost\ndb1\t10.0.0.1'), [
    ['Name', 'Host'],
    ['db1', '10.0.0.1'],
  ]);
  t.deepEqual(rows('sep=;\nName;Host,port\n'), [['Name', 'Host,port']]);
});

test('decodes UTF-8 with or without a byte order mark, UTF-16 with one, else Windows-1251', (t) => {
  t.deepEqual(rows(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Хост\n')])), [['Хост']]);
  t.deepEqual(rows(new Uint8Array([0xd5, 0xee, 0xf1, 0xf2, 0x0a])), [['Хост']]);
  t.deepEqual(rows(new Uint8Array([0xff, 0xfe, 0x25, 0x04, 0x3e, 0x04])), [['Хо']]);
});

test('refuses a binary file, and more rows or columns than the limits', (t) => {
  t.throws(() => rows(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])), {
    message: /neither .xlsx, .xls nor a CSV/,
  });
  const limits = { ...DEFAULT_IMPORT_LIMITS, maxRows: 2, maxColumns: 3 };
  t.throws(() => rows('a\nb\nc\n', limits), { message: /more than 2 rows/ });
  t.throws(() => rows('a,b,c,d\n', limits), { message: /more than 3 columns/ });
  t.notThrows(() => rows('a,b,c\nd\n', limits));
});
