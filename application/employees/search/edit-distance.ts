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
