import {
  DomainError,
  type DomainErrorCode,
  controlCharacterMessage,
  findControlCharacter,
  normalizePlainText,
} from '../shared/index.ts';

/**
 * Trims `value`, refuses control characters and more than `max` characters with `code` naming `field`, and
 * returns it in NFC; empty becomes `null`.
 */
export function optionalPlainText(
  value: string | null | undefined,
  max: number,
  code: DomainErrorCode,
  field: string,
): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  const found = findControlCharacter(text);
  if (found) {
    throw new DomainError(code, `${field} ${controlCharacterMessage(found)}`, {
      field,
      codePoint: found.codePoint,
    });
  }
  if (text.length > max) {
    throw new DomainError(code, `${field} is longer than ${max} characters`, { field, max });
  }
  return normalizePlainText(text);
}

/** Like {@link optionalPlainText}, and refuses an empty value. */
export function requiredPlainText(value: string, max: number, code: DomainErrorCode, field: string): string {
  const text = optionalPlainText(value, max, code, field);
  if (text === null) throw new DomainError(code, `${field} is required`, { field });
  return text;
}

/** Refuses `value` unless it is an integer within `min..max`, with `code` naming `field`. */
export function requireIntegerIn(
  value: number,
  min: number,
  max: number,
  code: DomainErrorCode,
  field: string,
): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new DomainError(code, `${field} must be a whole number from ${min} to ${max}`, { field, min, max });
  }
  return value;
}

/** Refuses a time zone the runtime's time zone database does not know (`Europe/Moscow`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '' || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
