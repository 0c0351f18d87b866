/**
 * The alphabets a typo is drawn from: one wrong, missing or extra letter of the word's own script. ё is folded
 * to е before the search compares anything (`foldText`), so it is no letter of its own here.
 */
const CYRILLIC = 'абвгдежзийклмнопрстуфхцчшщъыьэюя';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';

/** The shortest word worth a typo step: below four letters one edit makes nearly any other short word. */
export const MIN_TYPO_WORD_LENGTH = 4;
/**
 * Above six letters one edit leaves most trigrams of a word in place (a swap in a seven-letter word keeps 5 of
 * 13, similarity 0.38), and two edits mostly too: the trigram search finds those without a lookup per
 * neighbour, of which a long word has hundreds more.
 */
export const MAX_TYPO_WORD_LENGTH = 6;

/**
 * Every string one Damerau–Levenshtein edit away from `word` (lower case): a letter replaced, missing, added,
 * or two neighbours swapped (`юдин` → `южин`, `юин`, `юдлин`, `юидн`), in the word's own alphabet (Cyrillic
 * when it holds a Cyrillic letter, else Latin). Not `word` itself; no duplicates. About 30 times its length:
 * the search looks each up exactly in the lexicon's index, where a trigram search misses short words
 * (`южин` and `юдин` share two trigrams of eight).
 */
export function oneEditAway(word: string): string[] {
  const letters = [...word];
  const alphabet = [...(/[а-я]/.test(word) ? CYRILLIC : LATIN)];
  const found = new Set<string>();
  const at = (i: number) => letters.slice(0, i).join('');
  const after = (i: number) => letters.slice(i).join('');
  for (let i = 0; i <= letters.length; i++) {
    const head = at(i);
    for (const letter of alphabet) found.add(head + letter + after(i));
    if (i === letters.length) continue;
    found.add(head + after(i + 1));
    for (const letter of alphabet) found.add(head + letter + after(i + 1));
    const next = letters[i + 1];
    if (next !== undefined) found.add(head + next + (letters[i] ?? '') + after(i + 2));
  }
  found.delete(word);
  return [...found];
}

/**
 * The shortest word the two-edit step is for. A long word keeps its trigrams through one typo, but two letters
 * wrong far apart (`тахомирава` for `тихомирова`) leave a similarity of 0.29, under the trigram search's 0.3.
 */
export const MIN_LONG_TYPO_WORD_LENGTH = 7;
/** The edits a long word may carry: two. Three would make most surnames of a length alike. */
export const MAX_LONG_TYPO_DISTANCE = 2;

/**
 * The optimal string alignment distance of `a` and `b` (Damerau–Levenshtein where no letter is edited twice):
 * one edit per wrong, missing or extra letter or swap of neighbours. Counts letters by code point. Stops once
 * every alignment costs more than `bound` and then returns `bound + 1`: the search asks only "two or less?",
 * and a row's minimum never falls.
 */
export function osaDistance(a: string, b: string, bound = Number.POSITIVE_INFINITY): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > bound) return bound + 1;
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= y.length; j++) {
      const same = x[i - 1] === y[j - 1];
      let best = Math.min(
        (previous[j] ?? Infinity) + 1,
        (current[j - 1] ?? Infinity) + 1,
        (previous[j - 1] ?? Infinity) + (same ? 0 : 1),
      );
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? Infinity) + 1);
      }
      current.push(best);
      rowMinimum = Math.min(rowMinimum, best);
    }
    if (rowMinimum > bound) return bound + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[y.length] ?? Infinity, bound + 1);
}

/** A lexicon word some edits away from a spelling of a query word. */
export interface CloseWord {
  readonly word: string;
  readonly distance: number;
}

/**
 * Of the lexicon's `candidates` (a cheap prefilter's), those within `MAX_LONG_TYPO_DISTANCE` edits of
 * `spelling` and not it, nearest first, then in word order, at most `cap`.
 */
export function closeWords(spelling: string, candidates: readonly string[], cap: number): CloseWord[] {
  return [...new Set(candidates)]
    .map((word) => ({ word, distance: osaDistance(spelling, word, MAX_LONG_TYPO_DISTANCE) }))
    .filter((close) => close.distance > 0 && close.distance <= MAX_LONG_TYPO_DISTANCE)
    .sort((p, q) => p.distance - q.distance || (p.word < q.word ? -1 : p.word > q.word ? 1 : 0))
    .slice(0, Math.max(cap, 0));
}
