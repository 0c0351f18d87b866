/**
 * Latin spellings of Russian letters, longest first, each with its readings, the likeliest first. Covers the
 * passport (ICAO), the BGN/PCGN and the informal schemes people type (`sch`, `ia`, `yo`, `h`).
 */
const LATIN_TO_CYRILLIC: readonly (readonly [string, readonly string[]])[] = [
  ['shch', ['щ']],
  ['sch', ['щ', 'ш']],
  ['zh', ['ж']],
  ['kh', ['х']],
  ['ts', ['ц', 'тс']],
  ['tz', ['ц']],
  ['ch', ['ч']],
  ['sh', ['ш']],
  ['yu', ['ю']],
  ['iu', ['ю']],
  ['ju', ['ю']],
  ['ya', ['я']],
  ['ia', ['я', 'ия']],
  ['ja', ['я']],
  ['yo', ['е']],
  ['jo', ['е']],
  ['ye', ['е']],
  ['je', ['е']],
  ['iy', ['ий', 'ый']],
  ['yy', ['ый', 'ий']],
  ['ie', ['ье', 'ие']],
  ['x', ['кс']],
  ['h', ['х']],
  ['a', ['а']],
  ['b', ['б']],
  ['v', ['в']],
  ['w', ['в']],
  ['g', ['г']],
  ['d', ['д']],
  ['e', ['е', 'э']],
  ['z', ['з']],
  ['i', ['и']],
  ['j', ['й']],
  ['k', ['к']],
  ['l', ['л']],
  ['m', ['м']],
  ['n', ['н']],
  ['o', ['о']],
  ['p', ['п']],
  ['r', ['р']],
  ['s', ['с']],
  ['t', ['т']],
  ['u', ['у']],
  ['f', ['ф']],
  ['c', ['к', 'ц']],
  ['q', ['к']],
  ["'", ['ь']],
];

const VOWELS = /[aeiouy]/;

/** `y` after a vowel is `й` (`nikolay`), elsewhere `ы` (`bykov`). */
const readingsOfY = (previous: string | undefined): readonly string[] =>
  previous !== undefined && VOWELS.test(previous) ? ['й', 'ы'] : ['ы', 'й'];

/** `e` starts a word as `э` only rarely (`eduard`); inside a word it is `е`. */
function readings(text: string, at: number): { length: number; options: readonly string[] } | null {
  if (text[at] === 'y' && !/[aeouy]/.test(text[at + 1] ?? '') && text[at + 1] !== 'y') {
    return { length: 1, options: readingsOfY(text[at - 1]) };
  }
  for (const [latin, options] of LATIN_TO_CYRILLIC) {
    if (!text.startsWith(latin, at)) continue;
    const wordStart = at === 0 || !/[a-z]/.test(text[at - 1] ?? '');
    return { length: latin.length, options: latin === 'e' && !wordStart ? ['е'] : options };
  }
  return null;
}

/**
 * Cyrillic readings of a Latin `text` (lower case), the likeliest first, at most `limit`: `ivanov` →
 * `иванов`; `bykov` → `быков`, `бйков`. Characters that are not Latin letters are kept.
 */
export function latinToCyrillic(text: string, limit = 4): string[] {
  const results: string[] = [];
  const walk = (at: number, prefix: string) => {
    if (results.length >= limit) return;
    if (at >= text.length) {
      if (!results.includes(prefix)) results.push(prefix);
      return;
    }
    const reading = readings(text, at);
    if (!reading) return walk(at + 1, prefix + (text[at] ?? ''));
    for (const option of reading.options) walk(at + reading.length, prefix + option);
  };
  walk(0, '');
  return results;
}

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** The passport-style Latin spelling of a Cyrillic `text` (lower case): `джон` → `dzhon`, `щукин` → `shchukin`. */
export const cyrillicToLatin = (text: string): string =>
  [...text].map((char) => CYRILLIC_TO_LATIN[char] ?? char).join('');
