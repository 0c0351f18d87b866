import anyTest, { type TestFn } from 'ava';
import Koa from 'koa';
import { pino } from 'pino';
import { z } from 'zod';
import type { HttpRequestLabels } from '../../../infrastructure/metrics/http-metrics.ts';
import { apiFeature, apiRouter } from '../../../interfaces/http/api/index.ts';
import { errorHandler } from '../../../interfaces/http/error-handler.ts';
import { requestContext } from '../../../interfaces/http/request-context.ts';
import { requestMetrics } from '../../../interfaces/http/request-metrics.ts';
import { type ServedApp, serveKoa } from './serve-koa.ts';

// The body and validation middleware of /api/v1, with a feature router installed as the real ones are, over
// real HTTP: a test-only route lives here, never in the application.
const test = anyTest as TestFn<{ app: ServedApp; observed: HttpRequestLabels[] }>;

const LIMIT = 1024;

const things = apiFeature('/things', 'Things');
things.post(
  '/:id',
  {
    summary: 'Echo a thing',
    access: 'public',
    request: {
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.strictObject({ name: z.string().min(1).max(50), tags: z.array(z.string()).default([]) }),
    },
    responses: { 200: { description: 'The thing' } },
  },
  (ctx, { params, body }) => {
    ctx.body = { id: params.id, ...body };
  },
);

test.before(async (t) => {
  const logger = pino({ level: 'silent' });
  const observed: HttpRequestLabels[] = [];
  const app = new Koa();
  app.use(requestContext(logger));
  app.use(requestMetrics({ observeRequest: (labels) => observed.push(labels) }));
  app.use(errorHandler(logger));
  const api = apiRouter({ version: '0.0.0-test', jsonLimitBytes: LIMIT, features: [things.feature] });
  app.use(api.routes()).use(api.allowedMethods());
  t.context.app = await serveKoa(app);
  t.context.observed = observed;
});

test.after.always(async (t) => {
  await t.context.app?.close();
});

const post = (t: { context: { app: ServedApp } }, path: string, init: RequestInit) =>
  fetch(`${t.context.app.baseUrl}/api/v1${path}`, { method: 'POST', ...init });

const json = (body: string): RequestInit => ({ body, headers: { 'Content-Type': 'application/json' } });

async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.startsWith('application/problem+json')) throw new Error(`Not a problem: ${contentType}`);
  return (await response.json()) as Record<string, unknown>;
}

test('reads and validates a JSON body', async (t) => {
  const response = await post(t, '/things/7', json('{"name":"Принтер"}'));
  t.is(response.status, 200);
  t.deepEqual(await response.json(), { id: 7, name: 'Принтер', tags: [] });
});

test('answers malformed JSON with 400', async (t) => {
  const response = await post(t, '/things/7', json('{"name": '));
  t.is(response.status, 400);
  const problem = await problemOf(response);
  t.like(problem, {
    status: 400,
    code: 'HTTP.MALFORMED_JSON',
    title: 'Bad Request',
    instance: '/api/v1/things/7',
  });
  t.is(problem['requestId'], response.headers.get('x-request-id'));
});

test('answers a JSON scalar and a __proto__ key with 400', async (t) => {
  t.is((await post(t, '/things/7', json('"just a string"'))).status, 400);
  t.is((await post(t, '/things/7', json('{"__proto__":{"admin":true},"name":"x"}'))).status, 400);
});

test('answers a body over the limit with 413, with or without a Content-Length', async (t) => {
  const big = JSON.stringify({ name: 'x', tags: ['y'.repeat(LIMIT)] });
  const sized = await post(t, '/things/7', json(big));
  t.is(sized.status, 413);
  t.like(await problemOf(sized), {
    code: 'HTTP.PAYLOAD_TOO_LARGE',
    detail: `The body is larger than ${LIMIT} bytes`,
  });

  const chunks = [big.slice(0, 600), big.slice(600)];
  const streamed = await post(t, '/things/7', {
    headers: { 'Content-Type': 'application/json' },
    body: new ReadableStream({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(chunk));
      },
    }),
    duplex: 'half',
  });
  t.is(streamed.status, 413);
});

test('answers a body that is not JSON with 415', async (t) => {
  const form = await post(t, '/things/7', {
    body: 'name=x',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  t.is(form.status, 415);
  t.like(await problemOf(form), { code: 'HTTP.UNSUPPORTED_MEDIA_TYPE' });
  const untyped = await post(t, '/things/7', { body: new Blob(['{"name":"x"}']) });
  t.is(untyped.status, 415);
});

test('answers invalid fields with 422 and every field error', async (t) => {
  const response = await post(t, '/things/0', json('{"name":"","colour":"red"}'));
  t.is(response.status, 422);
  const problem = await problemOf(response);
  t.like(problem, { status: 422, code: 'HTTP.VALIDATION_FAILED', title: 'Unprocessable Entity' });
  t.deepEqual(
    (problem['errors'] as { path: string }[]).map((e) => e.path),
    ['params.id', 'body.name', 'body'],
  );
});

test('answers a write without a body as a missing body, 422', async (t) => {
  const response = await post(t, '/things/7', {});
  t.is(response.status, 422);
  t.deepEqual((await problemOf(response))['errors'], [
    { path: 'body', message: 'Invalid input: expected object, received undefined' },
  ]);
});

test('answers an unknown route and a wrong method as problems', async (t) => {
  const missing = await fetch(`${t.context.app.baseUrl}/api/v1/nothing`);
  t.is(missing.status, 404);
  t.like(await problemOf(missing), { code: 'HTTP.NOT_FOUND', detail: 'No route for GET /api/v1/nothing' });
  const wrongMethod = await fetch(`${t.context.app.baseUrl}/api/v1/things/7`, { method: 'DELETE' });
  t.is(wrongMethod.status, 405);
  t.like(await problemOf(wrongMethod), { code: 'HTTP.METHOD_NOT_ALLOWED' });
});

test.serial('labels metrics with the route template even when middleware answers early', async (t) => {
  const start = t.context.observed.length;
  await post(t, '/things/12345?x=1', json('{"name":"x"}'));
  await post(t, '/things/12345', { body: 'x', headers: { 'Content-Type': 'text/plain' } });
  await fetch(`${t.context.app.baseUrl}/api/v1/nothing/42`);
  t.deepEqual(t.context.observed.slice(start), [
    { method: 'POST', route: '/api/v1/things/:id', status: '200' },
    { method: 'POST', route: '/api/v1/things/:id', status: '415' },
    { method: 'GET', route: 'unmatched', status: '404' },
  ]);
});
