import { randomUUID } from 'node:crypto';
import type { UserRole } from '../../../domain/users/index.ts';
import type { ServedApi } from '../../support/served-api.ts';

type JsonSchema = Record<string, unknown>;

interface OperationObject {
  readonly operationId: string;
  readonly 'x-roles'?: UserRole[];
  readonly parameters?: { readonly name: string; readonly in: string; readonly schema?: JsonSchema }[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
  readonly responses: Record<string, unknown>;
}

interface Document {
  readonly paths: Record<string, Record<string, OperationObject>>;
}

/** One operation of `/api/v1/openapi.json`, as the suite drives it. */
export interface DocumentedOperation {
  readonly method: string;
  /** The document's path without `/api/v1` (`/users/{id}`; the empty string for `/api/v1` itself). */
  readonly template: string;
  /** `null` for a public operation, else the roles it allows. */
  readonly roles: readonly UserRole[] | null;
  readonly pathParameters: readonly string[];
  readonly queryParameters: readonly string[];
  /** The JSON body's schema, when the operation takes one. */
  readonly body: JsonSchema | null;
  /** The statuses the document lists for it. */
  readonly statuses: readonly number[];
  readonly isWrite: boolean;
}

/** Every operation the served API documents, read from its own OpenAPI document. */
export async function documentedOperations(api: ServedApi): Promise<DocumentedOperation[]> {
  const response = await api.call('/openapi.json');
  if (response.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${response.status}`);
  const document = (await response.json()) as Document;
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      const names = (where: string) => parameters.filter((p) => p.in === where).map((p) => p.name);
      return {
        method: method.toUpperCase(),
        template: path.replace(/^\/api\/v1/, ''),
        roles: op['x-roles'] ?? null,
        pathParameters: names('path'),
        queryParameters: names('query'),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        statuses: Object.keys(op.responses).map(Number),
        isWrite: !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()),
      };
    }),
  );
}

/** A well-formed value of a path parameter: the suite asks who may call, not what exists. */
const wellFormed = (name: string): string => (name === 'stream' ? `user-${randomUUID()}` : randomUUID());

/** The operation's path with its parameters filled, `encoded` (already URL-encoded) winning. */
export function pathOf(op: DocumentedOperation, encoded: Readonly<Record<string, string>> = {}): string {
  return op.template.replace(
    /\{(\w+)\}/g,
    (_match, name: string) => encoded[name] ?? encodeURIComponent(wellFormed(name)),
  );
}

/**
 * A plausible body for a JSON schema: required properties filled by type (strings `probe`, UUIDs for uuid
 * formats, the first of an enum), so that a probe of one field gets past the others' validation.
 */
export function sampleOf(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (Array.isArray(schema['enum'])) return schema['enum'][0];
  if ('const' in schema) return schema['const'];
  const variants = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (variants?.[0]) return sampleOf(variants.find((v) => v['type'] !== 'null') ?? variants[0], depth + 1);
  const type = Array.isArray(schema['type']) ? (schema['type'] as string[])[0] : schema['type'];
  switch (type) {
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema['required'] ?? []) as string[]);
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([name]) => required.has(name))
          .map(([name, property]) => [name, sampleOf(property, depth + 1)]),
      );
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema['format'] === 'uuid') return randomUUID();
      if (schema['format'] === 'date-time') return new Date().toISOString();
      return 'probe';
    default:
      return null;
  }
}

/** The names of a body schema's top-level properties (what the injection probe writes into). */
export const bodyFields = (schema: JsonSchema | null): string[] => Object.keys(schema?.['properties'] ?? {});
