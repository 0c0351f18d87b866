import { z } from 'zod';
import type { ApiOperation, ApiResponse } from '../api/api-feature.ts';
import { ACCESS_COOKIE } from '../auth/auth-cookies.ts';

type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document TBot writes (3.1 takes JSON Schema 2020-12 as zod writes it). */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly { readonly url: string }[];
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: Record<string, unknown>;
  readonly security: readonly Record<string, readonly string[]>[];
}

/** What a client sends: defaults and coercions apply to the input side of a schema. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

/** `/users/:id/role` → `/users/{id}/role`. */
export const openApiPath = (koaPath: string): string => koaPath.replace(/:(\w+)/g, '{$1}');

function parameters(location: 'path' | 'query', schema: z.ZodType | undefined): unknown[] {
  if (!schema) return [];
  const object = jsonSchema(schema);
  const properties = (object['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
    schema: property,
  }));
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function responseOf(response: ApiResponse) {
  const type = response.contentType ?? 'application/json';
  return {
    description: response.description,
    ...(response.schema ? { content: { [type]: { schema: jsonSchema(response.schema) } } } : {}),
    ...(!response.schema && response.contentType ? { content: { [type]: {} } } : {}),
  };
}

function operationObject(op: ApiOperation) {
  const request = op.request ?? {};
  const headers = op.idempotent
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'A retried write with the same key appends nothing twice (1-128 of `A-Za-z0-9._:-`). The key is ' +
            'bound to its first request (method, route, target, body): reused for another, 422 ' +
            '`HTTP.IDEMPOTENCY_KEY_REUSED` and nothing happens. It expires after IDEMPOTENCY_KEY_RETENTION_DAYS ' +
            '(30): then it names a new command.',
          schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
        },
      ]
    : [];
  const errors: Record<string, unknown> = {};
  if (request.params || request.query || request.body)
    errors['422'] = problem('Invalid input (see `errors`)');
  if (request.body) {
    errors['400'] = problem('Malformed JSON');
    errors['413'] = problem('Body too large');
    errors['415'] = problem('Not `application/json`');
  }
  if (op.access !== 'public') {
    errors['401'] = problem('No valid access token');
    errors['403'] = problem(`Needs the role ${op.access.join(' or ')}`);
  }
  errors['429'] = problem('Rate limited: see `Retry-After`');
  errors['503'] = problem(
    'A dependency is out (`SERVICE.UNAVAILABLE`: PostgreSQL or Redis): retry after `Retry-After` seconds. ' +
      'Never after a write committed: that answers its result, or 202.',
  );
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description === undefined ? {} : { description: op.description }),
    operationId: `${op.method}${openApiPath(op.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    ...(op.access === 'public' ? { security: [] } : { 'x-roles': op.access }),
    parameters: [...parameters('path', request.params), ...parameters('query', request.query), ...headers],
    ...(request.body
      ? {
          requestBody: {
            required: !request.body.safeParse(undefined).success,
            content: { 'application/json': { schema: jsonSchema(request.body) } },
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, responseOf(r)])),
      ...errors,
    },
  };
}

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is stable and meant for programs',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', examples: ['USER.NOT_FOUND'] },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
        required: ['path', 'message'],
      },
    },
  },
  required: ['status', 'code', 'detail'],
};

/**
 * The OpenAPI 3.1 document of the API, built from the operations' own zod schemas. Paths are full
 * (`/api/v1/...`); authenticated operations take a bearer token (programs) or the session cookie (the web
 * admin, whose writes carry the CSRF header) and list their roles in `x-roles`.
 */
export function openApiDocument(
  info: { version: string },
  operations: readonly ApiOperation[],
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of [...operations].sort((a, b) => a.path.localeCompare(b.path))) {
    const path = openApiPath(op.path);
    paths[path] = { ...paths[path], [op.method]: operationObject(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'TBot API',
      version: info.version,
      description:
        'The admin API of TBot. Errors are `application/problem+json` with a stable `code`. Sign in with ' +
        '`POST /api/v1/auth/login` and send `Authorization: Bearer <accessToken>`. A write that committed is ' +
        'never answered as a failure: it answers its result, or 202 with `Location` when the read model does ' +
        'not show it yet. An outage of PostgreSQL or Redis answers 503 `SERVICE.UNAVAILABLE` with `Retry-After`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookie: { type: 'apiKey', in: 'cookie', name: ACCESS_COOKIE },
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
  };
}
