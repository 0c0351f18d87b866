/**
 * How a helpdesk agent mistypes a name, for bench/search-quality.ts: the Russian text typed with the Latin layout
 * on (case and punctuation as the keys give them), and one slip of the finger in a word.
 */

// The ЙЦУКЕН keys and what the same keys give on QWERTY, unshifted and shifted. The Russian full stop is the
// QWERTY `/` key, its comma the same key shifted (`?`).
const RUSSIAN_KEYS = 'ёйцукенгшщзхъфывапролджэячсмитьбю.,';
const LATIN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./?";
const SHIFTED_LATIN_KEYS = '~QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>';

/** `Лебедева Е.И.` as typed with the Latin layout on: `Kt,tltdf T/B/`. */
export function typedInLatinLayout(text: string): string {
  return [...text]
    .map((char) => {
      const lower = char.toLowerCase();
      const at = RUSSIAN_KEYS.indexOf(lower);
      if (at < 0) return char;
      const shifted = char !== lower && at < SHIFTED_LATIN_KEYS.length;
      return (shifted ? SHIFTED_LATIN_KEYS[at] : LATIN_KEYS[at]) ?? char;
    })
    .join('');
}

const ROWS = ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбю'];

/** Letters next to `letter` on its row of the Russian keyboard: the likeliest wrong key. */
function neighbours(letter: string): string[] {
  for (const row of ROWS) {
    const at = row.indexOf(letter);
    if (at >= 0) return [row[at - 1], row[at + 1]].filter((c): c is string => c !== undefined);
  }
  return [];
}

type Slip = (word: string, at: number, random: () => number) => string | null;

const wrongKey: Slip = (word, at, random) => {
  const options = neighbours(word[at] ?? '');
  const key = options[Math.floor(random() * options.length)];
  return key === undefined ? null : word.slice(0, at) + key + word.slice(at + 1);
};

const SLIPS: readonly Slip[] = [
  // A neighbouring key instead of the right one: the commonest slip, so twice as likely as the others.
  wrongKey,
  wrongKey,
  // Two letters swapped.
  (word, at) =>
    at + 1 < word.length ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : null,
  // A letter doubled.
  (word, at) => word.slice(0, at + 1) + word.slice(at),
  // A letter dropped, only from longer words: a four-letter word cut to three is hardly a name any more.
  (word, at) => (word.length >= 6 ? word.slice(0, at) + word.slice(at + 1) : null),
];

/**
 * `word` (lower case) with one slip at a letter after the first (the first is rarely the wrong one), never
 * giving one of `taken` (a real word the query would then rightly mean) or the word itself; `null` if ten
 * tries find none.
 */
export function withTypo(word: string, random: () => number, taken: ReadonlySet<string>): string | null {
  for (let attempt = 0; attempt < 10 && word.length > 1; attempt++) {
    const at = 1 + Math.floor(random() * (word.length - 1));
    const slip = SLIPS[Math.floor(random() * SLIPS.length)];
    const typed = slip?.(word, at, random) ?? null;
    if (typed !== null && typed !== word && !taken.has(typed)) return typed;
  }
  return null;
}

/** Damerau–Levenshtein distance (optimal string alignment) between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = Array.from({ length: rows * cols }, (_, i) =>
    i < cols ? i : i % cols === 0 ? i / cols : 0,
  );
  const at = (i: number, j: number) => d[i * cols + j] ?? 0;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}
