import Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { UserRole } from '../../../domain/users/index.ts';
import { requireRole } from '../auth/auth-state.ts';
import { claimIdempotencyKey } from '../idempotency/index.ts';
import { type ParsedRequest, type RequestSchemas, parseRequest } from '../request-input.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented answer of an operation; `schema` describes its JSON body. */
export interface ApiResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** `application/json` unless said otherwise (a file download, an HTML page). */
  readonly contentType?: string;
}

/**
 * What an operation takes and answers. The same zod schemas validate the request (`parseRequest`) and
 * describe it in the OpenAPI document: the two cannot drift apart.
 */
export interface ApiOperationSpec<S extends RequestSchemas = RequestSchemas> {
  readonly summary: string;
  readonly description?: string;
  /** `'public'`, or the roles allowed (401 without a token, 403 with another role). */
  readonly access: 'public' | readonly UserRole[];
  readonly request?: S;
  /** Success answers by status; the error answers (401, 403, 422, 429, ...) are added from `access`. */
  readonly responses: Readonly<Record<number, ApiResponse>>;
  /** The write honours an `Idempotency-Key` header (see `adminWrite`). */
  readonly idempotent?: boolean;
}

/** An operation as the OpenAPI document lists it: its method and full Koa path (`/api/v1/users/:id`). */
export interface ApiOperation extends ApiOperationSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly tag: string;
}

export type ApiHandler<S extends RequestSchemas> = (
  ctx: Context,
  input: ParsedRequest<S>,
) => Promise<void> | void;

/** A feature's routes, and the description of each for the OpenAPI document. */
export interface ApiFeature {
  readonly router: Router;
  readonly operations: readonly ApiOperation[];
}

type Define = <S extends RequestSchemas>(
  path: string,
  spec: ApiOperationSpec<S>,
  handler: ApiHandler<S>,
) => void;

/**
 * Declares a feature's routes under `prefix` (relative to `/api/v1`): each checks the role its spec names,
 * parses its request with the spec's schemas (422 listing every field error) and hands the parsed input to
 * the handler, which turns it into a command or a query.
 * @example
 * const users = apiFeature('/users', 'Users');
 * users.post('/', { summary: 'Create a user', access: ['admin'], request: { body: NewUser },
 *   responses: { 201: { description: 'The user', schema: User } } }, async (ctx, { body }) => { ... });
 * return users.feature;
 */
export function apiFeature(prefix: string, tag: string) {
  const router = new Router({ prefix });
  const operations: ApiOperation[] = [];

  const define =
    (method: HttpMethod): Define =>
    <S extends RequestSchemas>(path: string, spec: ApiOperationSpec<S>, handler: ApiHandler<S>) => {
      const route = path === '/' ? prefix || '/' : `${prefix}${path}`;
      operations.push({ ...spec, method, path: route, tag });
      const access = spec.access === 'public' ? [] : [requireRole(...spec.access)];
      router[method](path, ...access, async (ctx) => {
        const input = parseRequest(ctx, spec.request ?? ({} as S));
        // Before the handler does anything: a key reused for another request is refused with nothing done.
        const firstUse = spec.idempotent ? await claimIdempotencyKey(ctx, route) : null;
        await handler(ctx, input);
        await firstUse?.(ctx.status);
      });
    };

  return {
    get: define('get'),
    post: define('post'),
    put: define('put'),
    patch: define('patch'),
    delete: define('delete'),
    feature: { router, operations } satisfies ApiFeature,
  };
}
