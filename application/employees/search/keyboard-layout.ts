// The same keys on a QWERTY and a ЙЦУКЕН (Russian) keyboard, unshifted, then the punctuation keys shifted
// (`<fhfyjd` is `Баранов` typed with Shift on the first letter).
const LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,.";
const CYRILLIC_KEYS = 'ёйцукенгшщзхъфывапролджэячсмитьбю';
const SHIFTED_LATIN_KEYS = '~{}:"<>';
const SHIFTED_CYRILLIC_KEYS = 'ёхъжэбю';

const pairs = (from: string, to: string) => [...from].map((key, i): [string, string] => [key, to[i] ?? key]);
const toCyrillic = new Map([
  ...pairs(LATIN_KEYS, CYRILLIC_KEYS),
  ...pairs(SHIFTED_LATIN_KEYS, SHIFTED_CYRILLIC_KEYS),
]);
const toLatin = new Map(pairs(CYRILLIC_KEYS, LATIN_KEYS));

const retype = (text: string, keys: ReadonlyMap<string, string>) =>
  [...text].map((char) => keys.get(char) ?? char).join('');

/** What `text` (lower case) would have been on the Russian layout: `bdfyjd` → `иванов`. */
export const latinLayoutToCyrillic = (text: string): string => retype(text, toCyrillic);

/** What `text` (lower case) would have been on the Latin layout: `шмфтщм` → `ivanov`. */
export const cyrillicLayoutToLatin = (text: string): string => retype(text, toLatin);
