import anyTest, { type TestFn } from 'ava';
import * as XLSX from 'xlsx';
import { checkAgainstOpenApi } from '../support/openapi-check.ts';
import type { ServedApi } from '../support/served-api.ts';
import { workbookOf, zipBomb, zipOf } from '../infrastructure/excel/workbook-fixtures.ts';
import { startSecurityApi } from './support/security-api.ts';

// The upload bombs against `POST /employees/import` (a dry run) over HTTP: each is refused with a documented
// 4xx or read harmlessly, nothing is written, and the node stays ready (the parse runs bounded, off the event
// loop).

interface Context {
  api: ServedApi;
  admin: string;
}
const test = anyTest as TestFn<Context>;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A real workbook with its sheet's XML replaced by `sheetXml`. */
function workbookWithSheet(sheetXml: string): Buffer {
  const real = XLSX.read(workbookOf([['ФИО'], ['x']]), { type: 'buffer', bookFiles: true }) as {
    files?: Record<string, { content?: Buffer }>;
  };
  const files = Object.entries(real.files ?? {}).filter(([, file]) => file.content);
  return zipOf(
    files.map(([name, file]) => ({
      name,
      content: name === 'xl/worksheets/sheet1.xml' ? Buffer.from(sheetXml) : Buffer.from(file.content ?? []),
    })),
  );
}

const WORKSHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
const HEADER_ROW =
  '<row r="1">' +
  ['Full name', 'Department', 'Work phone', 'Email']
    .map((title, i) => `<c r="${'ABCD'[i] ?? 'A'}1" t="inlineStr"><is><t>${title}</t></is></c>`)
    .join('') +
  '</row>';

/** A sheet XML that declares nested entities: a billion laughs when expanded. */
function xmlBomb(): Buffer {
  const entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
  for (let i = 1; i <= 9; i += 1) {
    entities.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  }
  return workbookWithSheet(
    `<?xml version="1.0"?><!DOCTYPE worksheet [${entities.join('')}]>${WORKSHEET}<sheetData>${HEADER_ROW}` +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>',
  );
}

/** A small file whose sheet claims and reaches the last row and column a workbook can have. */
function hugeSheet(): Buffer {
  return workbookWithSheet(
    `<?xml version="1.0"?>${WORKSHEET}<dimension ref="A1:XFD1048576"/><sheetData>${HEADER_ROW}` +
      '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>end</t></is></c></row></sheetData></worksheet>',
  );
}

async function upload(t: { context: Context }, file: Uint8Array) {
  const { baseUrl } = t.context.api.node;
  const response = await fetch(`${baseUrl}/api/v1/employees/import?dryRun=true`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${t.context.admin}`, 'Content-Type': XLSX_TYPE },
    body: file,
  });
  await checkAgainstOpenApi(baseUrl, 'POST', response);
  const text = await response.text();
  const code = text ? ((JSON.parse(text) as { code?: string }).code ?? '') : '';
  return { status: response.status, code, length: text.length };
}

test.before(async (t) => {
  t.context.api = await startSecurityApi();
  t.context.admin = await t.context.api.adminToken();
});

test.after.always((t) => t.context.api?.stop());

// What each bomb may get: a refusal naming the limit, or (SheetJS expands no entity and reads no empty range)
// a report of the few cells really there.
const bombs: [string, () => Uint8Array, readonly number[], RegExp][] = [
  ['a zip bomb', zipBomb, [422], /^IMPORT\.ZIP_BOMB$/],
  ['an XML bomb', xmlBomb, [200, 422], /^(IMPORT\.\w+)?$/],
  ['a sheet claiming the last row and column', hugeSheet, [200, 422], /^(IMPORT\.\w+)?$/],
  ['a file over the size limit', () => new Uint8Array(11 * 1024 * 1024), [413], /^IMPORT\.FILE_TOO_LARGE$/],
];

for (const [name, bomb, statuses, code] of bombs) {
  test.serial(`survives ${name}: ${statuses.join(' or ')}, nothing written, still ready`, async (t) => {
    const answer = await upload(t, bomb());
    t.true(statuses.includes(answer.status), `${answer.status} ${answer.code}`);
    t.regex(answer.code, code);
    t.true(answer.length < 100_000, `an answer of ${answer.length} characters`);
    const { pool } = t.context.api.database;
    const written = await pool.query<{ n: string }>(
      "select count(*) n from es.events where stream_id like 'employee-%' or stream_id like 'department-%'",
    );
    t.is(Number(written.rows[0]?.n), 0);
    const ready = await fetch(`${t.context.api.node.baseUrl}/ready`);
    t.is(ready.status, 200, await ready.text());
  });
}
