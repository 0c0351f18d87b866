import type { z } from 'zod';
import { type FieldError, HttpProblem } from './problem.ts';
import { controlCharacterErrors } from './request-text.ts';

/**
 * zod's issues as field errors: each issue's path in dot notation (`items.0.name`) after `prefix`; an issue
 * about the value as a whole gets the prefix alone (or `''` without one).
 */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...(prefix === undefined ? [] : [prefix]), ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** The schemas of the request parts a route reads. */
export interface RequestSchemas {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
}

export type ParsedRequest<S extends RequestSchemas> = {
  readonly [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

/** The parts of a Koa (router) context the parser reads. */
export interface RequestParts {
  readonly request: { readonly body?: unknown };
  readonly query: unknown;
  readonly params?: unknown;
}

/**
 * Validates the parts of a request a route reads and returns them parsed (typed, coerced, defaults filled).
 * Any violation answers 422 `HTTP.VALIDATION_FAILED` listing every field error of every part at once.
 * First, whatever the schemas say of its strings: a control character in any string of a part the route
 * reads (see `controlCharacterErrors`), listed alone.
 * The body is there only behind `jsonBody()`; schemas for it should be `z.strictObject` so that a misspelt
 * field is refused rather than ignored.
 * @example
 * router.post('/users', async (ctx) => {
 *   const { body } = parseRequest(ctx, { body: CreateUserBody });
 * });
 * @throws {HttpProblem} 422 with `errors` `[{ path: 'body.username', message }]`.
 */
export function parseRequest<S extends RequestSchemas>(ctx: RequestParts, schemas: S): ParsedRequest<S> {
  const input = { params: ctx.params ?? {}, query: ctx.query, body: ctx.request.body };
  const parts = ['params', 'query', 'body'] as const;
  // Only the parts the route reads (and so documents a 422 for): one it ignores cannot carry text anywhere.
  const unreadable = parts
    .filter((part) => schemas[part] !== undefined)
    .flatMap((part) => controlCharacterErrors(part, input[part]));
  if (unreadable.length > 0) throw validationFailed(unreadable);
  const parsed: Partial<Record<keyof RequestSchemas, unknown>> = {};
  const errors: FieldError[] = [];
  for (const part of parts) {
    const schema = schemas[part];
    if (!schema) continue;
    const result = schema.safeParse(input[part]);
    if (result.success) parsed[part] = result.data;
    else errors.push(...fieldErrors(result.error, part));
  }
  if (errors.length > 0) throw validationFailed(errors);
  return parsed as ParsedRequest<S>;
}

function validationFailed(errors: FieldError[]): HttpProblem {
  const fields = errors.length === 1 ? '1 invalid field' : `${errors.length} invalid fields`;
  return new HttpProblem({
    status: 422,
    code: 'HTTP.VALIDATION_FAILED',
    detail: `The request has ${fields}: see errors`,
    errors,
  });
}
