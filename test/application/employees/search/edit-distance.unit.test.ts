import test from 'ava';
import fc from 'fast-check';
import { closeWords, oneEditAway, osaDistance } from '../../../../application/employees/search/index.ts';

/** Optimal string alignment distance, the plain quadratic way: the reference `oneEditAway` is checked by. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

test('holds the words one wrong, missing, extra or swapped letter away', (t) => {
  const nearby = oneEditAway('юдин');
  for (const word of ['южин', 'юин', 'юдинн', 'аюдин', 'юидн', 'дюин', 'юдни', 'юди', 'удин']) {
    t.true(nearby.includes(word), word);
  }
});

test('holds only words at distance one, each once, never the word itself', (t) => {
  for (const word of ['юдин', 'попов', 'smith']) {
    const nearby = oneEditAway(word);
    t.false(nearby.includes(word));
    t.is(new Set(nearby).size, nearby.length);
    t.true(
      nearby.every((other) => distance(word, other) === 1),
      word,
    );
  }
});

test('stays in the alphabet of the word', (t) => {
  t.true(oneEditAway('юдин').every((word) => /^[а-я]+$/.test(word)));
  t.true(oneEditAway('smith').every((word) => /^[a-z]+$/.test(word)));
  t.true(oneEditAway('smith').includes('smyth'));
});

test('every word at distance one of a short word is in it', (t) => {
  const word = 'кот';
  const letters = [...'абвгдежзийклмнопрстуфхцчшщъыьэюя'];
  const candidates = new Set<string>();
  for (const a of letters) for (const b of letters) for (const c of letters) candidates.add(a + b + c);
  for (const a of letters) for (const b of letters) candidates.add(a + b);
  for (const a of letters)
    for (const b of letters)
      for (const c of letters) for (const d of ['к', 'о', 'т']) candidates.add(a + b + c + d);
  const expected = [...candidates].filter((other) => distance(word, other) === 1).sort();
  const nearby = oneEditAway(word)
    .filter((w) => candidates.has(w))
    .sort();
  t.deepEqual(nearby, expected);
});

test('the distance counts a swap of neighbours as one edit', (t) => {
  t.is(osaDistance('тихомирова', 'тихомриова'), 1);
  t.is(osaDistance('smith', 'smiht'), 1);
  t.is(osaDistance('ab', 'ba'), 1);
  // Optimal string alignment edits no letter twice: `ca` → `abc` is three, not Damerau–Levenshtein's two.
  t.is(osaDistance('ca', 'abc'), 3);
});

test('the distance counts two wrong letters far apart as two', (t) => {
  t.is(osaDistance('тахомирава', 'тихомирова'), 2);
  t.is(osaDistance('щарбакав', 'щербаков'), 2);
  t.is(osaDistance('тихомриава', 'тихомирова'), 2);
  t.is(osaDistance('тахамирава', 'тихомирова'), 3);
});

test('the distance of wrong, missing and extra letters, and of equal words', (t) => {
  t.is(osaDistance('тихомирова', 'тихомирова'), 0);
  t.is(osaDistance('тихомирова', 'тихомиров'), 1);
  t.is(osaDistance('тихомирова', 'ттихомирова'), 1);
  t.is(osaDistance('', 'abc'), 3);
  t.is(osaDistance('abc', ''), 3);
  // Letters are code points: one emoji is one letter.
  t.is(osaDistance('a😀b', 'ab'), 1);
});

test('a bound stops the distance at one past it', (t) => {
  t.is(osaDistance('тихомирова', 'смирнов', 2), 3);
  t.is(osaDistance('abcdefgh', 'ab', 2), 3);
  t.is(osaDistance('тахомирава', 'тихомирова', 2), 2);
});

test('the distance agrees with the plain quadratic one, bounded or not', (t) => {
  const word = fc.string({ unit: fc.constantFrom(...'абвгде'), maxLength: 9 });
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, bound) => {
      const exact = distance(a, b);
      return osaDistance(a, b) === exact && osaDistance(a, b, bound) === Math.min(exact, bound + 1);
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('close words are those within two edits, nearest first, at most the cap, not the word itself', (t) => {
  const candidates = ['тихомирова', 'тахомирова', 'тихомирава', 'тахомирава', 'тимофеева', 'тихомирова'];
  t.deepEqual(closeWords('тахомирава', candidates, 8), [
    { word: 'тахомирова', distance: 1 },
    { word: 'тихомирава', distance: 1 },
    { word: 'тихомирова', distance: 2 },
  ]);
  t.deepEqual(closeWords('тахомирава', candidates, 1), [{ word: 'тахомирова', distance: 1 }]);
  t.deepEqual(closeWords('тахомирава', [], 8), []);
});
