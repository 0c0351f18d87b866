import http from 'node:http';
import type { AddressInfo } from 'node:net';
import anyTest, { type TestFn } from 'ava';
import { z } from 'zod';
import { checkedFetch } from '../../support/openapi-check.ts';

// The e2e tests' OpenAPI check against a small server whose answers the test chooses: it must refuse what
// breaks the document, or every e2e test would pass it by accident.
const test = anyTest as TestFn<{ server: http.Server; baseUrl: string }>;

const Thing = z.object({ id: z.uuid(), status: z.enum(['open', 'closed']) });
const document = {
  openapi: '3.1.0',
  paths: {
    '/api/v1/things/{id}': {
      get: {
        responses: {
          200: { content: { 'application/json': { schema: z.toJSONSchema(Thing) } } },
          404: {
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      },
    },
    '/api/v1/things/export': { get: { responses: { 200: { content: { 'text/plain': {} } } } } },
  },
  components: {
    schemas: {
      Problem: {
        type: 'object',
        properties: { status: { type: 'integer' }, code: { type: 'string' }, detail: { type: 'string' } },
        required: ['status', 'code', 'detail'],
      },
    },
  },
};

const ID = '6b0c2f5e-1d2b-4c5e-9f3a-1234567890ab';
const answers: Record<string, [number, string, unknown]> = {
  '/api/v1/openapi.json': [200, 'application/json', document],
  [`/api/v1/things/${ID}`]: [200, 'application/json', { id: ID, status: 'open' }],
  '/api/v1/things/active': [200, 'application/json', { id: ID, status: 'active' }],
  '/api/v1/things/created': [201, 'application/json', { id: ID, status: 'open' }],
  '/api/v1/things/gone': [
    404,
    'application/problem+json',
    { status: 404, code: 'THING.NOT_FOUND', detail: 'x' },
  ],
  '/api/v1/things/broken': [404, 'application/problem+json', { status: 404 }],
  '/api/v1/things/export': [200, 'text/plain', 'id,status'],
  '/api/v1/nowhere': [404, 'application/problem+json', { status: 404, code: 'HTTP.NOT_FOUND', detail: 'x' }],
};

test.before(async (t) => {
  t.context.server = http.createServer((request, response) => {
    const [status, type, body] = answers[request.url ?? ''] ?? [500, 'text/plain', ''];
    response.writeHead(status, { 'Content-Type': type });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => t.context.server.listen(0, '127.0.0.1', resolve));
  t.context.baseUrl = `http://127.0.0.1:${(t.context.server.address() as AddressInfo).port}`;
});

test.after.always((t) => new Promise<void>((resolve) => t.context.server.close(() => resolve())));

test('passes answers that keep the document, and non-JSON bodies unchecked', async (t) => {
  const { baseUrl } = t.context;
  t.is((await checkedFetch(baseUrl, `/things/${ID}`)).status, 200);
  t.is((await checkedFetch(baseUrl, '/things/gone')).status, 404);
  t.is((await checkedFetch(baseUrl, '/things/export')).status, 200);
  t.is((await checkedFetch(baseUrl, '/nowhere')).status, 404, 'no route: still a Problem');
});

test('refuses a body that breaks its schema, an undocumented status, and a problem without its fields', async (t) => {
  const { baseUrl } = t.context;
  await t.throwsAsync(checkedFetch(baseUrl, '/things/active'), {
    message: /expected one of "open"\|"closed"/,
  });
  await t.throwsAsync(checkedFetch(baseUrl, '/things/created'), { message: /→ 201: not documented/ });
  await t.throwsAsync(checkedFetch(baseUrl, '/things/broken'), { message: /breaks the OpenAPI document/ });
});
