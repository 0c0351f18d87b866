import { foldText } from '../search/fold-text.ts';

/** What a spreadsheet cell can hold once read (dates are not expected in the employee sheet). */
export type CellValue = string | number | boolean | null;

/** Non-breaking and other odd spaces that sheets pasted from mail and Word carry. */
const ODD_SPACES = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g;

/**
 * A cell as clean text: in NFC (as the domain stores text, so that a re-import compares equal), whitespace
 * trimmed and collapsed, numbers without a trailing `.0`, empty as `null`. Letters are left alone (ё stays ё).
 */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value.normalize('NFC') : String(value);
  const clean = text.replace(ODD_SPACES, ' ').replace(/\s+/g, ' ').trim();
  return clean === '' ? null : clean;
}

/**
 * A key to compare sheet names and headers by: the employees search's `foldText` (lower case, ё as е, whitespace
 * collapsed), with odd spaces as spaces and trailing dots and colons off (`Каб.`, `ФИО:`).
 */
export const headerKey = (text: string): string =>
  foldText(text.replace(ODD_SPACES, ' ')).replace(/[.:]+$/, '');
