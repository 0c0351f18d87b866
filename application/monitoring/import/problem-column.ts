import { DomainError } from '../../../domain/shared/index.ts';
import { timingColumn } from './row-timing.ts';
import type { RowProblem, ServerColumn } from './server-sheet.ts';

const TIMING_CODES = new Set([
  'CHECK.INVALID_INTERVAL',
  'CHECK.INVALID_TIMEOUT',
  'CHECK.INVALID_RETRIES',
  'CHECK.INVALID_RETRY_INTERVAL',
  'CHECK.INVALID_RESEND_INTERVAL',
]);

/** The sheet column a domain refusal is about, from its code and the field it names. */
export function problemColumn(error: DomainError): ServerColumn {
  const { code } = error;
  const field = error.context['field'];
  if (code.startsWith('SERVER_GROUP.')) return 'group';
  if (TIMING_CODES.has(code)) return timingColumn(field);
  if (code.startsWith('CHECK.') || code === 'SERVER.NO_CHECKS' || code === 'SERVER.TOO_MANY_CHECKS') {
    return 'checks';
  }
  if (field === 'parentId' || code === 'SERVER.PARENT_CYCLE' || code === 'SERVER.TOO_DEEP') return 'parent';
  if (code === 'SERVER.INVALID_HOST') return 'host';
  return 'name';
}

/** A refusal as a row's problem; anything that is not a domain refusal is rethrown. */
export function rowProblemOf(error: unknown): RowProblem {
  if (!(error instanceof DomainError)) throw error;
  return { field: problemColumn(error), message: error.message };
}
