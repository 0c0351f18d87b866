import anyTest, { type TestFn } from 'ava';
import Koa from 'koa';
import { z } from 'zod';
import { type ApiFeature, apiFeature, apiRouter } from '../../../interfaces/http/api/index.ts';
import { auditRoutes } from '../../../interfaces/http/audit/index.ts';
import { authRoutes } from '../../../interfaces/http/auth/index.ts';
import {
  departmentsRoutes,
  employeesFileRoutes,
  employeesRoutes,
  workstationsRoutes,
} from '../../../interfaces/http/employees/index.ts';
import {
  groupsRoutes,
  incidentsRoutes,
  maintenanceRoutes,
  resultsRoutes,
  serversRoutes,
  statesRoutes,
} from '../../../interfaces/http/monitoring/index.ts';
import { otrsRoutingRoutes } from '../../../interfaces/http/otrs/index.ts';
import { settingsRoutes } from '../../../interfaces/http/settings/index.ts';
import { telegramUsersRoutes } from '../../../interfaces/http/telegram/index.ts';
import { usersRoutes } from '../../../interfaces/http/users/index.ts';
import { type ServedApp, serveKoa } from './serve-koa.ts';

// `GET /api/v1/docs` over real HTTP: the descriptions' Markdown is rendered, and HTML inside a description
// (here a test-only route's, never the application's) shows as text. The features' dependencies are never
// called: only their route tables are read.
const test = anyTest as TestFn<{ app: ServedApp }>;

const hostile = apiFeature('/hostile', 'Hostile');
hostile.get(
  '/',
  {
    summary: 'Reads `things` <b onmouseover="x()">loudly</b>',
    description:
      'Lists things.\n\n- one `<script>` quoted\n- **two** [safe](https://example.com/a?b=1&c=2)\n\n' +
      '<script>alert(1)</script> <img src=x onerror="alert(2)"> [evil](javascript:alert(3)) ' +
      '[evil too](JaVaScRiPt:alert(4)) ![pixel](https://example.com/p.png)',
    access: 'public',
    request: { query: z.object({ q: z.string().describe('The `q` to match <iframe src="x">') }) },
    responses: { 200: { description: 'Things (see `items`) <svg onload="y()">' } },
  },
  (ctx) => {
    ctx.body = {};
  },
);

const unused = {} as never;
const features: ApiFeature[] = [
  authRoutes({ auth: unused, csrf: unused }),
  usersRoutes(unused),
  settingsRoutes(unused),
  auditRoutes(unused),
  employeesFileRoutes(unused),
  employeesRoutes(unused),
  departmentsRoutes(unused),
  workstationsRoutes(unused),
  telegramUsersRoutes(unused),
  groupsRoutes(unused),
  serversRoutes(unused),
  statesRoutes(unused),
  incidentsRoutes(unused),
  maintenanceRoutes(unused),
  resultsRoutes(unused),
  otrsRoutingRoutes(unused),
  hostile.feature,
];

test.before(async (t) => {
  const app = new Koa();
  const api = apiRouter({ version: '0.0.0-test', features });
  app.use(api.routes()).use(api.allowedMethods());
  t.context.app = await serveKoa(app);
});

test.after.always(async (t) => {
  await t.context.app?.close();
});

async function docsPage(t: { context: { app: ServedApp } }): Promise<string> {
  const response = await fetch(`${t.context.app.baseUrl}/api/v1/docs`);
  if (response.status !== 200) throw new Error(`docs page: ${response.status}`);
  return response.text();
}

/** The page without its code and preformatted blocks: where a backtick would be a Markdown left raw. */
const prose = (page: string): string =>
  page.replace(/<code>[\s\S]*?<\/code>/g, '').replace(/<pre>[\s\S]*?<\/pre>/g, '');

test("renders the API's descriptions as Markdown: code spans, no raw backticks", async (t) => {
  const page = await docsPage(t);
  t.true(page.includes('<code>application/problem+json</code>'), 'the document description');
  t.true(page.includes('<code>SERVICE.UNAVAILABLE</code>'), 'a 503 answer');
  t.true(page.includes('<code>Authorization: Bearer &lt;accessToken&gt;</code>'));
  t.false(prose(page).includes('`'), 'a backtick shows on the page');
});

test('renders lists, emphasis and web links of a description', async (t) => {
  const page = await docsPage(t);
  t.regex(page, /<ul>\s*<li>one <code>&lt;script&gt;<\/code> quoted<\/li>\s*<li><strong>two<\/strong>/);
  t.true(page.includes('<a href="https://example.com/a?b=1&#38;c=2">safe</a>'));
  t.true(page.includes('Reads <code>things</code>'), 'a summary');
  t.true(page.includes('The <code>q</code> to match'), 'a parameter');
  t.true(page.includes('Things (see <code>items</code>)'), 'an answer');
});

test('shows HTML inside a description as text, and links only to the web', async (t) => {
  const page = await docsPage(t);
  for (const tag of ['<script', '<img', '<iframe', '<svg', '<b ']) t.false(page.includes(tag), tag);
  t.notRegex(page, /href="\s*javascript:/i);
  t.true(page.includes('&#60;script&#62;alert(1)&#60;/script&#62;'), 'the script tag shows as text');
  t.true(page.includes('evil too'), 'a refused link keeps its text');
  t.true(page.includes('pixel'), 'an image shows as its alternative text');
  t.false(page.includes('src="https://example.com/p.png"'), 'nothing is loaded');
});
