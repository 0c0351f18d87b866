import { STATUS_CODES } from 'node:http';
import type { Context } from 'koa';
import type { DomainErrorCode } from '../../domain/shared/index.ts';
import { isTransientDatabaseError } from '../../infrastructure/postgres/transient-error.ts';
import { isRedisUnavailableError } from '../../infrastructure/redis/redis-unavailable.ts';
import {
  type CodeStatus,
  type FaultCode,
  STATUS_BY_DOMAIN_CODE,
  STATUS_BY_FAULT_CODE,
} from './problem-statuses.ts';

/**
 * Every error answer of the HTTP interface is an RFC 9457 problem, written here. Statuses:
 * - 400: the request could not be read (malformed JSON);
 * - 422: it was read, and its content breaks the schema or a business rule (field errors in `errors`);
 * - 401, 404, 409, 422, 429, 503: from the error's code, through {@link statusForCode} (one `Record` per feature
 *   in `problem-statuses.ts`: a code without a status does not compile); 403 from the routes' `HttpProblem`s;
 * - 503 `SERVICE.UNAVAILABLE`: a dependency is out (PostgreSQL unreachable, restarting or out of connections,
 *   Redis unreachable); every 503 says when to retry in `Retry-After`;
 * - 500: anything else, answered without internals and logged with the request id.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid field: `path` in dot notation from the request part (`body.user.email`, `query.limit`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** The body of every error answer. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  /** Stable, for programs to switch on: the domain code (`EMPLOYEE.NOT_FOUND`) or `HTTP.<STATUS>`. */
  readonly code: ProblemCode;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
}

/** What an error becomes, before the request adds its path and id. */
export interface ProblemSpec {
  readonly status: number;
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The codes of problems the HTTP interface raises itself, not a command: the request's form (body, media type,
 * size, schema), its standing (signed in but disabled, forbidden, CSRF), its rate and idempotency key, and an
 * outage. A misspelt one does not compile.
 */
export type HttpProblemCode =
  | 'HTTP.BAD_REQUEST'
  | 'HTTP.MALFORMED_JSON'
  | 'HTTP.UNSUPPORTED_MEDIA_TYPE'
  | 'HTTP.PAYLOAD_TOO_LARGE'
  | 'HTTP.VALIDATION_FAILED'
  | 'HTTP.IDEMPOTENCY_KEY_INVALID'
  | 'HTTP.IDEMPOTENCY_KEY_REUSED'
  | 'HTTP.TOO_MANY_REQUESTS'
  | 'AUTH.ACCOUNT_DISABLED'
  | 'AUTH.FORBIDDEN'
  | 'AUTH.CSRF_FORBIDDEN'
  | 'SERVICE.UNAVAILABLE';

declare const fromStatus: unique symbol;

/**
 * `HTTP.<STATUS>` of a status known only at run time (Koa's own errors, a route left unmatched): only
 * {@link httpCode} makes one, so a code written by hand must be in a union.
 */
export type StatusPhraseCode = `HTTP.${string}` & { readonly [fromStatus]: true };

/** Every code a problem answers with. */
export type ProblemCode = MappedCode | HttpProblemCode | StatusPhraseCode;

/** An HTTP-level refusal (bad body, rate limited, ...) raised by middleware or a route. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(readonly spec: ProblemSpec) {
    super(spec.detail);
  }
}

const STATUS_BY_CODE: Readonly<Record<MappedCode, CodeStatus>> = {
  ...STATUS_BY_DOMAIN_CODE,
  ...STATUS_BY_FAULT_CODE,
};

/** A code with a status of its own: every domain code, and the faults of `STATUS_BY_FAULT_CODE`. */
export type MappedCode = DomainErrorCode | FaultCode;

/** The HTTP status for an error code: the one map of codes to statuses is `problem-statuses.ts`. */
export function statusForCode(code: MappedCode): CodeStatus {
  return STATUS_BY_CODE[code];
}

/** True for a code of ours with a status; a driver's or the platform's (`23505`, `ERR_...`) has none. */
export function isMappedCode(code: unknown): code is MappedCode {
  return typeof code === 'string' && Object.hasOwn(STATUS_BY_CODE, code);
}

/** `HTTP.NOT_FOUND`, `HTTP.PAYLOAD_TOO_LARGE`: the code of a problem with no more specific one. */
export function httpCode(status: number): StatusPhraseCode {
  const phrase = (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `HTTP.${phrase}` as StatusPhraseCode;
}

const FAULT_DETAIL = 'The server failed to answer this request; quote the request id when reporting it.';

/** Seconds a client waits before retrying a 503: about a PostgreSQL restart or a Redis failover. */
export const RETRY_AFTER_SECONDS = 5;

/** The code of a 503 for an outage of a dependency, stable for programs to switch on. */
export const SERVICE_UNAVAILABLE = 'SERVICE.UNAVAILABLE' satisfies HttpProblemCode;

const unavailable = (code: ProblemCode, detail: string): ProblemSpec => ({
  status: 503,
  code,
  detail,
  headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
});

/**
 * Maps anything thrown to a problem. Messages are shown for 4xx only: a fault's message may hold internals
 * (SQL, hosts, stack frames), so a 5xx says only that it failed.
 */
export function problemFromError(error: unknown): ProblemSpec {
  if (error instanceof HttpProblem) return error.spec;
  // Before the codes: a PostgreSQL SQLSTATE (`57P01`) or a socket's (`ECONNREFUSED`) is no code of ours.
  if (isTransientDatabaseError(error) || isRedisUnavailableError(error)) {
    return unavailable(
      SERVICE_UNAVAILABLE,
      'A service TBot depends on is unavailable; retry after Retry-After.',
    );
  }
  const message = error instanceof Error ? error.message : '';
  // Read off any error, not only a `DomainError`: faults carry codes too (`WrongExpectedRevisionError`).
  const code = (error as { code?: unknown } | null)?.code;
  if (isMappedCode(code)) {
    const status = statusForCode(code);
    if (status === 503) return unavailable(code, FAULT_DETAIL);
    // A 5xx's message may carry internals: it is logged, never answered.
    return { status, code, detail: status < 500 ? message : FAULT_DETAIL };
  }
  // Koa's and http-errors' own (`ctx.throw(400, ...)`): a 4xx message is meant for the client.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: httpCode(status), detail: message || (STATUS_CODES[status] ?? '') };
  }
  return { status: 500, code: httpCode(500), detail: FAULT_DETAIL };
}

/** Answers the request with `spec` as `application/problem+json`, with the request's path and id. */
export function writeProblem(ctx: Context, spec: ProblemSpec): void {
  for (const [name, value] of Object.entries(spec.headers ?? {})) ctx.set(name, value);
  const requestId = ctx.state['requestId'] as unknown;
  const body: ProblemDetails = {
    type: 'about:blank',
    title: STATUS_CODES[spec.status] ?? 'Error',
    status: spec.status,
    detail: spec.detail,
    instance: ctx.path,
    code: spec.code,
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(spec.errors ? { errors: spec.errors } : {}),
  };
  ctx.status = spec.status;
  ctx.type = PROBLEM_CONTENT_TYPE;
  ctx.body = body;
}
