/** Characters people put between phone digits. */
const PHONE_PUNCTUATION = /[\s+()\-.]/g;

/**
 * The digits of a phone as the employees search compares them: a Russian number in any form (`+7 (916) 123-45-67`,
 * `8 916 1234567`, `79161234567`) becomes its 10 national digits; anything else keeps its digits as typed.
 * The read model normalizes stored phones with the same rule in SQL.
 */
export function nationalDigits(digits: string): string {
  return /^[78]\d{10}$/.test(digits) ? digits.slice(1) : digits;
}

/** The digits of `text` if it is only digits and phone punctuation, else `null`. */
export function phoneDigitsOf(text: string): string | null {
  const digits = text.replace(PHONE_PUNCTUATION, '');
  return /^\d+$/.test(digits) ? digits : null;
}
