import { bodyParser } from '@koa/bodyparser';
import type { Context, Middleware } from 'koa';
import { HttpProblem } from './problem.ts';
import { UPLOAD_TYPES } from './upload-body.ts';

/** 1 MiB: far above any admin form, far below what would hurt a node. */
export const DEFAULT_JSON_LIMIT_BYTES = 1024 * 1024;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export interface JsonBodyOptions {
  /** A larger body is refused with 413 before it is read in full (default {@link DEFAULT_JSON_LIMIT_BYTES}). */
  readonly limitBytes?: number;
}

/**
 * Reads the JSON body of a write (POST, PUT, PATCH) into `ctx.request.body`, for `parseRequest` to validate.
 * A body in another type answers 415 (an upload's types are left for its route: `readUpload`), one over the limit 413, malformed JSON (or a scalar, or a
 * `__proto__` key) 400. A write without a body passes with `ctx.request.body` undefined.
 */
export function jsonBody(options: JsonBodyOptions = {}): Middleware {
  const limitBytes = options.limitBytes ?? DEFAULT_JSON_LIMIT_BYTES;
  const parse = bodyParser({ enableTypes: ['json'], jsonLimit: limitBytes, encoding: 'utf-8' });
  return async (ctx, next) => {
    // An uploaded file is the route's to read (`readUpload`), bounded there; a route that reads no upload
    // sees no body.
    if (WRITE_METHODS.has(ctx.method) && hasBody(ctx) && !ctx.is(...UPLOAD_TYPES)) await readJson(ctx);
    await next();
  };

  async function readJson(ctx: Context): Promise<void> {
    if (!ctx.is('application/json')) {
      throw new HttpProblem({
        status: 415,
        code: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
        detail: `Send the body as application/json (got ${ctx.request.type || 'no Content-Type'})`,
      });
    }
    try {
      await parse(ctx, () => Promise.resolve());
    } catch (error) {
      throw readFailure(error, limitBytes);
    }
  }
}

function hasBody(ctx: Context): boolean {
  return (ctx.request.length ?? 0) > 0 || ctx.get('Transfer-Encoding') !== '';
}

/** raw-body's error types, and co-body's parse errors (status 400 without a type). */
function readFailure(error: unknown, limitBytes: number): unknown {
  const type = (error as { type?: unknown } | null)?.type;
  const status = (error as { status?: unknown } | null)?.status;
  switch (type) {
    case 'entity.too.large':
      return new HttpProblem({
        status: 413,
        code: 'HTTP.PAYLOAD_TOO_LARGE',
        detail: `The body is larger than ${limitBytes} bytes`,
      });
    case 'encoding.unsupported':
      return new HttpProblem({
        status: 415,
        code: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
        detail: "The body's charset or content encoding is not supported: send UTF-8 JSON",
      });
    case 'request.aborted':
    case 'request.size.invalid':
      return new HttpProblem({ status: 400, code: 'HTTP.BAD_REQUEST', detail: 'The body ended early' });
    default:
      if (type === undefined && status === 400) {
        return new HttpProblem({
          status: 400,
          code: 'HTTP.MALFORMED_JSON',
          detail: 'The body is not a JSON object or array',
        });
      }
      return error;
  }
}
