import { createHash } from 'node:crypto';

/** Deeper than any body the API reads; a deeper one is hashed as a whole, not walked to the end. */
const MAX_DEPTH = 64;

/**
 * JSON with every object's keys in code-point order, so that two bodies meaning the same write are the same
 * text whatever order the client wrote their keys in. Array order is kept (it means something); `undefined`
 * members are left out, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH)
    return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item: unknown) => canonicalJson(item, depth + 1)).join(',')}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member, depth + 1)}`);
  return `{${members.join(',')}}`;
}

/** What makes one write request the same as another: what it does, to whom, with what. */
export interface WriteRequest {
  readonly method: string;
  /** The route's template (`/employees/:id/forget`), not the path: the target is in `params`. */
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: unknown;
  readonly body: unknown;
}

/** SHA-256 (hex) of the canonical request: an `Idempotency-Key` is bound to it at first use. */
export function requestHash(request: WriteRequest): string {
  const canonical = canonicalJson({
    method: request.method.toUpperCase(),
    route: request.route,
    params: request.params,
    query: request.query ?? {},
    body: request.body ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
