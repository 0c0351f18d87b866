import { z } from 'zod';

/**
 * Every response an e2e test receives from `/api/v1` is checked against the node's own OpenAPI document
 * (`GET /api/v1/openapi.json`, JSON Schema 2020-12 as zod writes it, read back with `z.fromJSONSchema`):
 * its status must be documented for the operation (a problem answer of an undocumented status must still be a
 * Problem), and its JSON body must match the documented schema. Only bodies that are not JSON are exempt.
 */

/** Content types whose bodies are not checked: the workbook export, the docs page, Prometheus text. */
const NOT_JSON = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/html',
  'text/plain',
];

type JsonSchema = Record<string, unknown>;

interface ResponseObject {
  readonly content?: Record<string, { readonly schema?: JsonSchema }>;
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, { readonly responses: Record<string, ResponseObject> }>>;
  readonly components: { readonly schemas: Record<string, JsonSchema> };
}

interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  readonly params: number;
}

interface Contract {
  readonly document: OpenApiDocument;
  readonly routes: readonly Route[];
  readonly validators: Map<string, z.ZodType>;
}

const contracts = new Map<string, Promise<Contract>>();

async function loadContract(baseUrl: string): Promise<Contract> {
  const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
  if (response.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${response.status}`);
  const document = (await response.json()) as OpenApiDocument;
  const routes = Object.keys(document.paths)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
      params: (template.match(/\{/g) ?? []).length,
    }))
    // `/employees/search` before `/employees/{id}`: the literal path is the route Koa takes.
    .sort((a, b) => a.params - b.params);
  return { document, routes, validators: new Map() };
}

/** The node's contract, fetched once per node; a failed fetch is not kept, so the next call fetches again. */
function contractOf(baseUrl: string): Promise<Contract> {
  let contract = contracts.get(baseUrl);
  if (!contract) {
    contract = loadContract(baseUrl);
    contracts.set(baseUrl, contract);
    contract.catch(() => contracts.delete(baseUrl));
  }
  return contract;
}

/** Replaces `#/components/schemas/X` references by their schema (the document's only references). */
function inline(schema: unknown, components: Record<string, JsonSchema>, depth = 0): unknown {
  if (depth > 20) throw new Error('OpenAPI schema nested too deep');
  if (Array.isArray(schema)) return schema.map((item) => inline(item, components, depth + 1));
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const target = components[ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`OpenAPI: unresolved ${ref}`);
    return inline(target, components, depth + 1);
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, inline(value, components, depth + 1)]),
  );
}

function validator(contract: Contract, key: string, schema: JsonSchema): z.ZodType {
  let compiled = contract.validators.get(key);
  if (!compiled) {
    compiled = z.fromJSONSchema(inline(schema, contract.document.components.schemas) as never);
    contract.validators.set(key, compiled);
  }
  return compiled;
}

const baseType = (contentType: string): string => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * Throws when `response` (of `method` on `url`'s path) breaks the node's OpenAPI document. Reads a clone:
 * the caller can still read the body.
 */
export async function checkAgainstOpenApi(
  baseUrl: string,
  method: string,
  response: Response,
): Promise<void> {
  const path = new URL(response.url).pathname;
  if (!path.startsWith('/api/v1/')) return;
  const type = baseType(response.headers.get('Content-Type') ?? '');
  const text = await response.clone().text();
  if (text === '' || NOT_JSON.includes(type)) return;
  const where = `${method} ${path} → ${response.status}`;
  if (type !== 'application/json' && type !== 'application/problem+json') {
    throw new Error(`${where}: a body of type ${type || 'none'} is neither JSON nor exempt`);
  }
  const contract = await contractOf(baseUrl);
  const route = contract.routes.find((r) => r.pattern.test(path));
  const operation = route && contract.document.paths[route.template]?.[method.toLowerCase()];
  const documented = operation?.responses[String(response.status)] ?? operation?.responses['default'];
  let key: string;
  let schema: JsonSchema | undefined;
  if (documented && route) {
    schema = documented.content?.[type]?.schema;
    if (!schema) throw new Error(`${where}: the document gives this answer no ${type} body`);
    key = `${method} ${route.template} ${response.status} ${type}`;
  } else if (type === 'application/problem+json' && response.status >= 400) {
    // No route (404, 405), or an error the operation does not list: still the one Problem shape.
    schema = contract.document.components.schemas['Problem'];
    key = 'Problem';
  } else {
    throw new Error(`${where}: not documented in /api/v1/openapi.json`);
  }
  if (!schema) throw new Error('OpenAPI: no Problem schema');
  const parsed = validator(contract, key, schema).safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${where}: the body breaks the OpenAPI document: ${z.prettifyError(parsed.error)}`);
  }
}

/** `fetch` of `/api/v1{path}` on a node, its answer checked against the node's OpenAPI document. */
export async function checkedFetch(baseUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, init);
  await checkAgainstOpenApi(baseUrl, init.method ?? 'GET', response);
  return response;
}
