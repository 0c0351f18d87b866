import {
  type CloseWord,
  MAX_LONG_TYPO_DISTANCE,
  type SearchQuery,
  closeWords,
} from '../../application/employees/search/index.ts';
import { WORDS_TABLE } from './employees-tables.ts';

/**
 * Lexicon words the prefilter hands to the distance check per spelling, most similar first: it bounds the rows
 * read back and checked. The price: in a lexicon with more than this many words of one first letter and
 * about the same length, a word two edits away that is less similar than all of these is missed.
 */
const CANDIDATES_PER_SPELLING = 200;

/** Close words kept per query word: as many as the lexicon step keeps of any word (`WORDS_PER_QUERY_WORD`). */
const CLOSE_WORDS_PER_WORD = 8;

/**
 * The trigram search's own threshold (pg_trgm's `similarity_threshold`, left at its default): a close word at
 * least this similar is among what the statement finds without the two-edit step.
 */
const TRIGRAM_THRESHOLD = 0.3;

/** A query word's lexicon word up to two edits away, for `searchParameters`. */
export interface FarTypo extends CloseWord {
  readonly wordNo: number;
  /** Whether the trigram search misses it (similarity under its threshold): only then is it news. */
  readonly beyondTrigrams: boolean;
}

/** A row of `FAR_TYPO_CANDIDATES_SQL`. */
export interface FarTypoRow {
  readonly word_no: number;
  readonly text: string;
  readonly word: string;
  readonly similarity: number;
}

/**
 * The cheap prefilter of the two-edit step, for the spellings of long words (`$1` their word numbers, `$2` the
 * spellings) the lexicon holds nothing equal to or starting with. Its candidates start with the spelling's
 * first letter and differ in length by at most two, read through the lexicon's `text_pattern_ops` btree (`$3`
 * the first letter, `$4` the next code point; `$5` the spelling's upper bound for the prefix test). Not the
 * trigram index: two letters wrong in a seven-letter word leave it 2 trigrams of 14, far under the 0.3 the `%`
 * operator is set to, and lowering that threshold needs a transaction per search. The price: a typo in the
 * first letter and another one elsewhere is not found (one wrong first letter alone still is, by trigrams).
 */
export const FAR_TYPO_CANDIDATES_SQL = `
select n.word_no, n.text, c.word, c.similarity::float8 as similarity
from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) n(word_no, text, first, after, upper)
cross join lateral (
  select l.word, similarity(l.word, n.text) as similarity from ${WORDS_TABLE} l
  where l.word ~>=~ n.first and l.word ~<~ n.after
    and length(l.word) between length(n.text) - ${MAX_LONG_TYPO_DISTANCE} and length(n.text) + ${MAX_LONG_TYPO_DISTANCE}
  order by 2 desc, l.word
  limit ${CANDIDATES_PER_SPELLING}
) c
where not exists (select 1 from ${WORDS_TABLE} p where p.word ~>=~ n.text and p.word ~<~ n.upper)`;

/** The string right after every string that starts with `text` in code point order (`тих` → `тиц`). */
const after = (text: string): string => {
  const letters = [...text];
  const last = letters.pop()?.codePointAt(0) ?? 0;
  return letters.join('') + String.fromCodePoint(last + 1);
};

/** The parameters of `FAR_TYPO_CANDIDATES_SQL`, or `null` when the query has no long word to look for. */
export function farTypoParameters(query: SearchQuery): unknown[] | null {
  const spellings = query.words.flatMap((word, n) => word.farSpellings.map((text) => ({ n, text })));
  if (spellings.length === 0) return null;
  return [
    spellings.map((s) => s.n),
    spellings.map((s) => s.text),
    spellings.map((s) => [...s.text][0] ?? ''),
    spellings.map((s) => after([...s.text][0] ?? '')),
    spellings.map((s) => after(s.text)),
  ];
}

/**
 * The close words of the prefilter's rows: per query word, those within two edits of one of its spellings,
 * nearest first, at most `CLOSE_WORDS_PER_WORD`.
 */
export function farTyposOf(rows: readonly FarTypoRow[]): FarTypo[] {
  const bySpelling = new Map<string, { wordNo: number; text: string; words: string[] }>();
  const similarity = new Map<string, number>();
  for (const row of rows) {
    const known = similarity.get(`${row.word_no} ${row.word}`) ?? 0;
    similarity.set(`${row.word_no} ${row.word}`, Math.max(known, row.similarity));
    const key = `${row.word_no} ${row.text}`;
    const entry = bySpelling.get(key) ?? { wordNo: row.word_no, text: row.text, words: [] };
    entry.words.push(row.word);
    bySpelling.set(key, entry);
  }
  const byWord = new Map<number, Map<string, number>>();
  for (const { wordNo, text, words } of bySpelling.values()) {
    const best = byWord.get(wordNo) ?? new Map<string, number>();
    for (const close of closeWords(text, words, CANDIDATES_PER_SPELLING)) {
      best.set(close.word, Math.min(best.get(close.word) ?? Infinity, close.distance));
    }
    byWord.set(wordNo, best);
  }
  return [...byWord].flatMap(([wordNo, best]) =>
    [...best]
      .map(([word, distance]) => ({
        wordNo,
        word,
        distance,
        beyondTrigrams: (similarity.get(`${wordNo} ${word}`) ?? 0) < TRIGRAM_THRESHOLD,
      }))
      .sort((p, q) => p.distance - q.distance || (p.word < q.word ? -1 : 1))
      .slice(0, CLOSE_WORDS_PER_WORD),
  );
}
