import anyTest, { type TestFn } from 'ava';
import type { UserRole } from '../../domain/users/index.ts';
import { checkAgainstOpenApi } from '../support/openapi-check.ts';
import type { ServedApi } from '../support/served-api.ts';
import { type DocumentedOperation, documentedOperations, pathOf } from './support/documented-operations.ts';
import {
  badTokens,
  createSignedInUser,
  inParallel,
  rawCall,
  startSecurityApi,
} from './support/security-api.ts';

// The role × route matrix, generated from the served API's own OpenAPI document: every operation, called by
// every role, a disabled user, and tokens that must authenticate no one (forged, expired, without `exp`,
// unsigned) or no token at all. Each answer must be the documented one: 401 without a valid identity, 403
// for a role the operation does not list, and never a 5xx.

interface Identity {
  readonly name: string;
  /** The role the identity signs in with, or null when it must authenticate no one. */
  readonly role: UserRole | null;
  readonly token: string | null;
}

interface Context {
  api: ServedApi;
  operations: DocumentedOperation[];
  identities: Identity[];
}
const test = anyTest as TestFn<Context>;

interface Answer {
  readonly op: DocumentedOperation;
  readonly who: Identity;
  readonly status: number;
  readonly contentType: string;
  readonly cacheControl: string;
  /** How the answer breaks the OpenAPI document, or null. */
  readonly contractBreach: string | null;
}

let answers: Promise<Answer[]> | undefined;

/** Every operation × identity, sent once for the file's tests (bounded: the node shares two cores). */
function matrix(context: Context): Promise<Answer[]> {
  answers ??= (async () => {
    const cells = context.operations.flatMap((op) => context.identities.map((who) => ({ op, who })));
    const results: Answer[] = [];
    await inParallel(cells, 6, async ({ op, who }) => {
      const { baseUrl } = context.api.node;
      // Unchecked, then checked here: one answer that breaks the document is one failure, not the whole run's.
      const response = await rawCall(baseUrl, pathOf(op), {
        method: op.method,
        ...(op.isWrite ? { body: {} } : {}),
        ...(who.token === null ? {} : { token: who.token }),
      });
      const contractBreach = await checkAgainstOpenApi(baseUrl, op.method, response).then(
        () => null,
        (error: unknown) => String(error),
      );
      await response.arrayBuffer();
      results.push({
        op,
        who,
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        cacheControl: response.headers.get('cache-control') ?? '',
        contractBreach,
      });
    });
    return results;
  })();
  return answers;
}

const where = ({ op, who, status }: Answer) =>
  `${op.method} ${op.template || '/'} as ${who.name} → ${status}`;

test.before(async (t) => {
  const api = await startSecurityApi();
  t.context.api = api;
  const admin = await api.adminToken();
  const operator = await createSignedInUser(api, admin, 'operator');
  const viewer = await createSignedInUser(api, admin, 'viewer');
  const disabled = await createSignedInUser(api, admin, 'viewer', 'sec-disabled');
  const disabling = await api.call(`/users/${disabled.userId}/disable`, { token: admin, body: {} });
  if (disabling.status !== 200) throw new Error(`cannot disable the user: ${disabling.status}`);
  const bad = await badTokens(admin);
  t.context.identities = [
    { name: 'admin', role: 'admin', token: admin },
    { name: 'operator', role: 'operator', token: operator.token },
    { name: 'viewer', role: 'viewer', token: viewer.token },
    { name: 'a disabled user', role: null, token: disabled.token },
    ...Object.entries(bad).map(([name, token]) => ({ name: `a token ${name}`, role: null, token })),
    { name: 'no token', role: null, token: null },
  ];
  t.context.operations = await documentedOperations(api);
});

test.after.always((t) => t.context.api?.stop());

test('the matrix covers every documented operation, at least the ones the issue probed', async (t) => {
  const templates = new Set(t.context.operations.map((op) => `${op.method} ${op.template}`));
  t.true(t.context.operations.length >= 40, `${t.context.operations.length} operations`);
  for (const expected of ['GET /audit/streams/{stream}', 'POST /users', 'POST /employees', 'PUT /settings']) {
    t.true(templates.has(expected), expected);
  }
  t.is((await matrix(t.context)).length, t.context.operations.length * t.context.identities.length);
});

test('never answers a 5xx, whoever calls', async (t) => {
  const failures = (await matrix(t.context)).filter((a) => a.status >= 500).map(where);
  t.deepEqual(failures, []);
});

test('refuses every non-public operation with 401 to whoever has no valid token', async (t) => {
  const failures = (await matrix(t.context))
    .filter((a) => a.op.roles !== null && a.who.role === null)
    .filter((a) => a.status !== 401 || !a.contentType.startsWith('application/problem+json'))
    .map(where)
    .sort();
  t.deepEqual(failures, []);
});

test('answers 403 to a role an operation does not list, and lets a listed role through', async (t) => {
  const failures = (await matrix(t.context))
    .filter((a) => a.op.roles !== null && a.who.role !== null)
    .filter((a) =>
      a.op.roles?.includes(a.who.role as UserRole) ? [401, 403].includes(a.status) : a.status !== 403,
    )
    .map(where)
    .sort();
  t.deepEqual(failures, []);
});

test('answers as the OpenAPI document says: a documented status and body, or a 4xx problem', async (t) => {
  const breaches = (await matrix(t.context)).flatMap((a) => (a.contractBreach ? [a.contractBreach] : []));
  t.deepEqual([...new Set(breaches)].sort(), []);

  const failures = (await matrix(t.context))
    .filter((a) => !a.op.statuses.includes(a.status))
    .filter(
      (a) => !(a.status >= 400 && a.status < 500 && a.contentType.startsWith('application/problem+json')),
    )
    .map(where)
    .sort();
  t.deepEqual(failures, []);
});

test('answers every signed-in JSON request of a non-public operation with Cache-Control: no-store', async (t) => {
  const failures = (await matrix(t.context))
    .filter((a) => a.op.roles !== null && a.who.role !== null && /json/.test(a.contentType))
    .filter((a) => !/\bno-store\b/.test(a.cacheControl))
    .map((a) => `${where(a)} Cache-Control: ${a.cacheControl || '(none)'}`)
    .sort();
  t.deepEqual(failures, []);
});
