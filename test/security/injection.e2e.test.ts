import anyTest, { type TestFn } from 'ava';
import { eventually } from '../support/eventually.ts';
import type { ServedApi } from '../support/served-api.ts';
import {
  type DocumentedOperation,
  bodyFields,
  documentedOperations,
  pathOf,
  sampleOf,
} from './support/documented-operations.ts';
import { HOSTILE_STRINGS, type HostileString } from './support/hostile-strings.ts';
import { inParallel, rawCall, startSecurityApi } from './support/security-api.ts';

// The injection and control-character strings (NUL, ESC, SQL, `../`, `%00`, `<script>`, a lone surrogate, a
// huge string) in every parameter of every operation the OpenAPI document lists (path, query, each top-level
// field of a JSON body, the other fields filled plausibly), sent by an admin, who reaches every handler: no
// answer is a 5xx, no control character is accepted, and afterwards no projection is parked.

interface Probe {
  readonly op: DocumentedOperation;
  readonly where: string;
  readonly hostile: HostileString;
  readonly path: string;
  readonly body?: unknown;
}

interface Answer {
  readonly probe: Probe;
  readonly status: number;
}

interface Context {
  api: ServedApi;
  admin: string;
  probes: Probe[];
}
const test = anyTest as TestFn<Context>;

function probesOf(op: DocumentedOperation): Probe[] {
  const sample = op.body ? sampleOf(op.body) : undefined;
  const withSample = sample === undefined ? {} : { body: sample };
  return HOSTILE_STRINGS.flatMap((hostile) => [
    ...op.pathParameters.map((name) => ({
      op,
      where: `path {${name}}`,
      hostile,
      path: pathOf(op, { [name]: hostile.encoded }),
      ...withSample,
    })),
    ...op.queryParameters.map((name) => ({
      op,
      where: `query ${name}`,
      hostile,
      path: `${pathOf(op)}?${name}=${hostile.encoded}`,
      ...withSample,
    })),
    ...bodyFields(op.body).map((name) => ({
      op,
      where: `body ${name}`,
      hostile,
      path: pathOf(op),
      body: { ...(sample as object), [name]: hostile.text },
    })),
  ]);
}

let answers: Promise<Answer[]> | undefined;

function sweep(context: Context): Promise<Answer[]> {
  answers ??= (async () => {
    const results: Answer[] = [];
    await inParallel(context.probes, 6, async (probe) => {
      const response = await rawCall(context.api.node.baseUrl, probe.path, {
        method: probe.op.method,
        token: context.admin,
        ...(probe.op.isWrite ? { body: probe.body ?? {} } : {}),
      });
      await response.arrayBuffer();
      results.push({ probe, status: response.status });
    });
    return results;
  })();
  return answers;
}

const where = ({ probe, status }: Answer) =>
  `${probe.op.method} ${probe.op.template || '/'} ${probe.where} = ${probe.hostile.name} → ${status}`;

test.before(async (t) => {
  // Ready only at the head of every projection: the last test waits for that, or for a projection to park.
  const api = await startSecurityApi({ READY_MAX_PROJECTION_LAG: '1' });
  t.context.api = api;
  t.context.admin = await api.adminToken();
  t.context.probes = (await documentedOperations(api))
    // Logout would revoke nothing of ours, login would spend the login limit of the whole address.
    .filter((op) => op.template !== '/auth/login')
    .flatMap(probesOf);
});

test.after.always((t) => t.context.api?.stop());

test('probes every parameter of the operations with every hostile string', async (t) => {
  const where = new Set(t.context.probes.map((p) => `${p.op.method} ${p.op.template} ${p.where}`));
  t.true(where.size >= 60, `${where.size} parameters`);
  for (const expected of [
    'GET /employees/search query q',
    'POST /employees body fullName',
    'GET /audit/streams/{stream} path {stream}',
    'GET /audit query actor',
  ]) {
    t.true(where.has(expected), expected);
  }
  t.is((await sweep(t.context)).length, t.context.probes.length);
});

test('never answers a 5xx to a hostile string', async (t) => {
  const failures = (await sweep(t.context)).filter((a) => a.status >= 500).map(where);
  t.deepEqual(failures.sort(), []);
});

test('refuses a control character wherever it is sent (4xx), accepting none', async (t) => {
  const failures = (await sweep(t.context))
    .filter((a) => a.probe.hostile.control && (a.status < 400 || a.status >= 500))
    .map(where);
  t.deepEqual(failures.sort(), []);
});

test('the login refuses the hostile strings in the user name and the password without a 5xx', async (t) => {
  // A few only: each failed login spends from the address's login limit (a 429 is an answer too).
  const failures: string[] = [];
  for (const hostile of HOSTILE_STRINGS.filter((h) => h.name !== 'huge')) {
    for (const field of ['username', 'password'] as const) {
      const body = { username: 'nobody-here', password: 'wrong-passphrase', [field]: hostile.text };
      const response = await rawCall(t.context.api.node.baseUrl, '/auth/login', { body });
      await response.arrayBuffer();
      if (response.status >= 500 || response.status === 200)
        failures.push(`${field} = ${hostile.name} → ${response.status}`);
    }
  }
  t.deepEqual(failures, []);
});

test('leaves no projection parked, and the node ready', async (t) => {
  await sweep(t.context);
  const { baseUrl } = t.context.api.node;
  // The writes answered after their read models (or 202): wait for every projection to reach the head, or park.
  const report = await eventually(async () => {
    const response = await fetch(`${baseUrl}/ready`);
    const body = (await response.json()) as { reasons: string[] };
    return response.status === 200 || body.reasons.some((r) => r.includes('parked')) ? body : null;
  }, 30_000);
  t.deepEqual(report?.reasons, []);
  const parked = await t.context.api.database.pool.query<{ name: string; parked_error: string }>(
    `select name, parked_error from projections.checkpoints where status = 'parked' order by name`,
  );
  t.deepEqual(
    parked.rows.map((row) => `${row.name}: ${row.parked_error}`),
    [],
  );
});
