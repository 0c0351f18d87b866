import { DomainError } from '../shared/index.ts';

/** Trims an optional text value; empty becomes `null`, as the events record "no value". */
export function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Refuses `value` longer than `max` characters with `code`. */
export function checkLength(value: string | null, max: number, code: string, field: string): void {
  if (value !== null && value.length > max) {
    throw new DomainError(code, `${field} is longer than ${max} characters`, { field, max });
  }
}
