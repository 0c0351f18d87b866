/** What a spreadsheet cell can hold once read (dates are not expected in the employee sheet). */
export type CellValue = string | number | boolean | null;

/** Non-breaking and other odd spaces that sheets pasted from mail and Word carry. */
const ODD_SPACES = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g;

/**
 * A cell as clean text: whitespace trimmed and collapsed, numbers without a trailing `.0`, empty as `null`.
 * Letters are left alone (ё stays ё).
 */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value : String(value);
  const clean = text.replace(ODD_SPACES, ' ').replace(/\s+/g, ' ').trim();
  return clean === '' ? null : clean;
}

/** A key to compare names and headers by: lower case, ё as е, whitespace collapsed, trailing dots/colons off. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(ODD_SPACES, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.:]+$/, '');
}
