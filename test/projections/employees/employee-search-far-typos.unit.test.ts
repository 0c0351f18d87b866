import test from 'ava';
import { parseSearchQuery } from '../../../application/employees/search/index.ts';
import {
  type FarTypoRow,
  farTypoParameters,
  farTyposOf,
} from '../../../projections/employees/employee-search-far-typos.ts';

test('the prefilter is asked only for words of seven letters or more, with their range bounds', (t) => {
  t.is(farTypoParameters(parseSearchQuery('Юдин Олег')), null);
  t.is(farTypoParameters(parseSearchQuery('359-59-41')), null);
  t.deepEqual(farTypoParameters(parseSearchQuery('Юдин Тахомирава')), [
    [1],
    ['тахомирава'],
    ['т'],
    ['у'],
    ['тахомиравб'],
  ]);
});

const row = (wordNo: number, text: string, word: string, similarity: number): FarTypoRow => ({
  word_no: wordNo,
  text,
  word,
  similarity,
});

test('close words per query word: within two edits, nearest first, the best of its spellings', (t) => {
  const typos = farTyposOf([
    row(0, 'тахомирава', 'тихомирова', 0.29),
    row(0, 'тахомирава', 'тахомирова', 0.5),
    row(0, 'тахомирава', 'тимофеева', 0.1),
    // The same word from a second spelling of the same query word, nearer: the nearer distance counts.
    row(0, 'тихомирава', 'тихомирова', 0.45),
    row(1, 'щарбакав', 'щербаков', 0.2),
  ]);
  t.deepEqual(typos, [
    { wordNo: 0, word: 'тахомирова', distance: 1, beyondTrigrams: false },
    { wordNo: 0, word: 'тихомирова', distance: 1, beyondTrigrams: false },
    { wordNo: 1, word: 'щербаков', distance: 2, beyondTrigrams: true },
  ]);
});

test('at most eight close words per query word', (t) => {
  const words = Array.from({ length: 20 }, (_, i) => `тихомиров${String.fromCodePoint(0x430 + i)}`);
  const typos = farTyposOf(words.map((word) => row(0, 'тихомировщ', word, 0.6)));
  t.is(typos.length, 8);
  t.true(typos.every((typo) => typo.distance === 1));
});
