import { blankControlCharacters } from '../../../domain/shared/index.ts';

/**
 * Text as the employees search compares it: NFC, lower case, ё as е, control characters as blanks (a NUL would fail
 * the query), whitespace collapsed and trimmed. The read model folds its search columns with the same rules in
 * SQL (projections/employees/employees-tables.ts); what it stores is NFC without control characters already.
 */
export const foldText = (text: string): string =>
  blankControlCharacters(text).toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();

export const hasCyrillic = (text: string): boolean => /[а-яё]/i.test(text);
export const hasLatin = (text: string): boolean => /[a-z]/i.test(text);
