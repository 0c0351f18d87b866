import test from 'ava';
import { type ApiFeature, apiRouter } from '../../../interfaces/http/api/index.ts';
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
import { openApiPath } from '../../../interfaces/http/openapi/index.ts';
import { settingsRoutes } from '../../../interfaces/http/settings/index.ts';
import { telegramUsersRoutes } from '../../../interfaces/http/telegram/index.ts';
import { usersRoutes } from '../../../interfaces/http/users/index.ts';
import { otrsRoutingRoutes } from '../../../interfaces/http/otrs/index.ts';

// The routes as Koa will match them, against the OpenAPI document built from the same declarations. The
// features' dependencies are never called here: only their route tables are read.
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
];

interface DocumentedOperation {
  operationId: string;
  responses: Record<string, unknown>;
}

async function documentOf(): Promise<{ paths: Record<string, Record<string, DocumentedOperation>> }> {
  const router = apiRouter({ version: '9.9.9', features });
  const layer = router.stack.find((l) => l.path === '/api/v1/openapi.json');
  if (!layer) throw new Error('no /api/v1/openapi.json route');
  const ctx = { body: undefined as unknown, set: () => undefined, params: {}, query: {}, request: {} };
  const handler = layer.stack.at(-1);
  await handler?.(ctx as never, () => Promise.resolve());
  return ctx.body as never;
}

test('documents every route the API router answers, with its method', async (t) => {
  const document = await documentOf();
  const router = apiRouter({ version: '9.9.9', features });
  const routes = router.stack
    .filter((layer) => layer.methods.length > 0)
    .flatMap((layer) =>
      layer.methods
        .filter((m) => m !== 'HEAD')
        .map((m) => `${m.toLowerCase()} ${openApiPath(String(layer.path))}`),
    );
  const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method} ${path}`),
  );
  t.true(routes.length >= 40, `only ${routes.length} routes`);
  t.deepEqual([...new Set(routes)].sort(), documented.sort());
});

test('gives every operation a unique id', async (t) => {
  const document = await documentOf();
  const ids = Object.values(document.paths).flatMap((methods) =>
    Object.values(methods).map((op) => op.operationId),
  );
  t.is(new Set(ids).size, ids.length);
});

test('documents a 202 on every write: a committed write whose read model lags is never a failure', async (t) => {
  const document = await documentOf();
  const writes = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method !== 'get')
      // Sign-in and sign-out write no events: they answer at once.
      .filter(() => !path.startsWith('/api/v1/auth/'))
      .map(([method, op]) => ({ at: `${method} ${path}`, op })),
  );
  t.true(writes.length >= 20, `only ${writes.length} writes`);
  for (const { at, op } of writes) {
    t.truthy(op.responses['202'], `${at} documents no 202`);
    t.truthy(op.responses['503'], `${at} documents no 503`);
  }
});
