import {
  DomainError,
  type DomainErrorCode,
  blankControlCharacters,
  controlCharacterMessage,
  findControlCharacter,
  normalizePlainText,
} from '../shared/index.ts';

/**
 * Text that comes from OTRS (a title, a queue name, an article's first lines, an error message): recorded,
 * never refused, since the ticket exists whatever it says. Control characters become spaces, and it is cut to
 * `max` characters (by code point, so that no surrogate pair is split); empty becomes `null`.
 */
export function externalText(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = blankControlCharacters(value).replace(/ {2,}/g, ' ').trim();
  if (text === '') return null;
  return cut(text, max);
}

/** Cuts `text` to `max` characters (code points), marking the cut with `…`. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * Like {@link externalText} with line breaks kept (an article's first lines): at most `maxLines` non-empty
 * lines, `max` characters in all.
 */
export function externalLines(
  value: string | null | undefined,
  max: number,
  maxLines: number,
): string | null {
  if (value === null || value === undefined) return null;
  const lines = value
    .split(/\r\n?|[\n\u2028\u2029]/)
    .map((line) => externalText(line, max))
    .filter((line): line is string => line !== null)
    .slice(0, maxLines);
  return lines.length === 0 ? null : cut(lines.join('\n'), max);
}

/**
 * Text a person typed (a login, a queue, a state name): trimmed, refused with `code` naming `field` when it
 * is empty, holds a control character or is longer than `max`; returned in NFC.
 */
export function typedText(value: string, max: number, code: DomainErrorCode, field: string): string {
  const text = value.trim();
  if (text === '') throw new DomainError(code, `${field} is required`, { field });
  const found = findControlCharacter(text);
  if (found) {
    throw new DomainError(code, `${field} ${controlCharacterMessage(found)}`, {
      field,
      codePoint: found.codePoint,
    });
  }
  if (text.length > max)
    throw new DomainError(code, `${field} is longer than ${max} characters`, { field, max });
  return normalizePlainText(text);
}
