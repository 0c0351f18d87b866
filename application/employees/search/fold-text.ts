/**
 * Text as the directory compares it: lower case, ё as е, whitespace collapsed and trimmed. The read model
 * folds its search columns with the same rules in SQL (projections/employees/employees-tables.ts).
 */
export const foldText = (text: string): string =>
  text.toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();

export const hasCyrillic = (text: string): boolean => /[а-яё]/i.test(text);
export const hasLatin = (text: string): boolean => /[a-z]/i.test(text);
