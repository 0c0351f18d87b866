import { DomainError } from '../../../domain/shared/index.ts';
import type { ApiHandler } from '../api/api-feature.ts';
import { HttpProblem, statusForCode } from '../problem.ts';
import type { RequestSchemas } from '../request-input.ts';

/**
 * A write's handler whose domain refusals of one field (the decider names it in `field`: `parentId`,
 * `schedule.cron`, `checks.0.timing.intervalSeconds`) answer like the schema's own: 422 with that field in
 * `errors` (`body.parentId`), so a client points at the field either way.
 */
export function namingTheField<S extends RequestSchemas>(handler: ApiHandler<S>): ApiHandler<S> {
  return async (ctx, input) => {
    try {
      await handler(ctx, input);
    } catch (error) {
      const field = error instanceof DomainError ? error.context['field'] : undefined;
      if (!(error instanceof DomainError) || typeof field !== 'string' || statusForCode(error.code) !== 422) {
        throw error;
      }
      throw new HttpProblem({
        status: 422,
        code: error.code,
        detail: error.message,
        errors: [{ path: `body.${field}`, message: error.message }],
      });
    }
  };
}
