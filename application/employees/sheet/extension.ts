import { normalizePhone } from './phone-number.ts';

/** What an extension cell holds: an extension, sometimes with the full number it extends. */
export interface ParsedExtension {
  readonly extension: string | null;
  readonly phone: string | null;
}

/** `доб. 1234`, `вн. 1234`, `ext 1234`, `x1234`, `#1234`, an extension after a number (`... доб. 12`). */
const EXTENSION_MARK = /(?:доб|вн|ext|x|#)\.?\s*(\d{1,6})\s*$/iu;

/**
 * Parses an extension cell: `1234`, `доб. 1234`, or a full number with its extension
 * (`+7 495 123-45-67 доб. 1234`), or a full number alone (a work phone in the extension column).
 * `null` when it is none of these.
 */
export function parseExtension(text: string): ParsedExtension | null {
  const marked = EXTENSION_MARK.exec(text);
  if (marked?.[1] !== undefined) {
    const before = text.slice(0, marked.index).replace(/[,;\s]+$/, '');
    if (before === '') return { extension: marked[1], phone: null };
    const phone = normalizePhone(before);
    return phone === null ? null : { extension: marked[1], phone };
  }
  if (/^\d{1,6}$/.test(text)) return { extension: text, phone: null };
  const phone = normalizePhone(text);
  return phone === null || !phone.startsWith('+') ? null : { extension: null, phone };
}
