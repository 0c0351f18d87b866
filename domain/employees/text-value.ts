import {
  DomainError,
  type DomainErrorCode,
  type PlainTextOptions,
  controlCharacterMessage,
  findControlCharacter,
  normalizePlainText,
} from '../shared/index.ts';

/** Trims an optional text value; empty becomes `null`, as the events record "no value". */
export function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * Trims `value` and checks it is plain text (no control characters; tab and line breaks only where `multiline`),
 * refusing it with `code` naming `field`; returns it in NFC, empty as `null`.
 */
export function plainText(
  value: string | null | undefined,
  code: DomainErrorCode,
  field: string,
  options: PlainTextOptions = {},
): string | null {
  const text = optionalText(value);
  if (text === null) return null;
  const found = findControlCharacter(text, options);
  if (found) {
    throw new DomainError(code, `${field} ${controlCharacterMessage(found)}`, {
      field,
      codePoint: found.codePoint,
    });
  }
  return normalizePlainText(text, options);
}

/** Refuses `value` longer than `max` characters with `code`. */
export function checkLength(value: string | null, max: number, code: DomainErrorCode, field: string): void {
  if (value !== null && value.length > max) {
    throw new DomainError(code, `${field} is longer than ${max} characters`, { field, max });
  }
}
