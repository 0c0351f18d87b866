/**
 * The one rule for text that comes from people (names, notes, reasons, search queries, sheet cells): no
 * control characters, and one spelling of each character (Unicode NFC).
 *
 * Why: a NUL cannot be stored in a PostgreSQL `text` or `jsonb` value (a NUL in an event parked the employees
 * projection), an escape sequence rewrites an operator's terminal, a lone surrogate is no character at all
 * (it is silently replaced on the way to UTF-8), and a decomposed `ё` (`е` + U+0308) must find the composed one.
 */

/** Where a field allows line breaks (notes): tab and LF stay, CRLF, CR, U+2028 and U+2029 become LF. */
export interface PlainTextOptions {
  readonly multiline?: boolean;
}

/** What the first refused character is, for a message naming it. */
export interface ControlCharacter {
  /** `U+0000`, `U+001B`, `U+D800`. */
  readonly codePoint: string;
  /** Its index in the text (UTF-16 units). */
  readonly index: number;
}

// `Cc` is C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F); `Cs` a lone surrogate (with the `u` flag a surrogate
// matches only when unpaired); then the line and paragraph separators. Multiline: Cc but tab and LF.
const REFUSED = /[\p{Cc}\u2028\u2029]|\p{Cs}/u;
const REFUSED_MULTILINE = /[^\P{Cc}\t\n]|\p{Cs}/u;
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;

const codePointOf = (char: string): string =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The first character `text` may not hold (tab and line breaks are allowed with `multiline`), or `undefined`.
 * @example findControlCharacter('Ив\u0000ан') // { codePoint: 'U+0000', index: 2 }
 */
export function findControlCharacter(
  text: string,
  options: PlainTextOptions = {},
): ControlCharacter | undefined {
  const checked = options.multiline ? text.replace(LINE_BREAKS, '\n') : text;
  const match = (options.multiline ? REFUSED_MULTILINE : REFUSED).exec(checked);
  return match ? { codePoint: codePointOf(match[0]), index: match.index } : undefined;
}

/** The sentence an interface shows for a refused character: `contains a control character (U+0000)`. */
export const controlCharacterMessage = (found: ControlCharacter): string =>
  `contains a control character (${found.codePoint}), which is not allowed here`;

/**
 * `text` as it is stored: in NFC, with line breaks as LF when `multiline`. Call after
 * {@link findControlCharacter} found nothing.
 */
export function normalizePlainText(text: string, options: PlainTextOptions = {}): string {
  const composed = text.normalize('NFC');
  return options.multiline ? composed.replace(LINE_BREAKS, '\n') : composed;
}

const ANY_REFUSED = /[\p{Cc}\u2028\u2029]|\p{Cs}/gu;

/**
 * `text` in NFC with every control character (tab and line breaks too) as a space: for what is only looked for
 * (a search query, a host name asked about), never stored, where refusing would help nobody.
 */
export function blankControlCharacters(text: string): string {
  return text.normalize('NFC').replace(ANY_REFUSED, ' ');
}

/**
 * Any string made storable as a PostgreSQL text value, for writers of read models that must not fail on an
 * event already in the log: NUL becomes U+FFFD (the replacement character), lone surrogates too.
 */
export function storableText(text: string): string {
  return text.replace(/\0|\p{Cs}/gu, '\uFFFD');
}
