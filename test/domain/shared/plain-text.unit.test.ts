import test from 'ava';
import {
  blankControlCharacters,
  findControlCharacter,
  normalizePlainText,
  storableText,
} from '../../../domain/shared/index.ts';

test('finds NUL, other C0 characters, DEL, C1, lone surrogates and the line separators', (t) => {
  const refused: [string, string][] = [
    ['Ив\u0000ан', 'U+0000'],
    ['a\u001b]0;x\u0007', 'U+001B'],
    ['a\u007f', 'U+007F'],
    ['a\u0085', 'U+0085'],
    ['a\u009b', 'U+009B'],
    ['a\ud800b', 'U+D800'],
    ['a\udc00', 'U+DC00'],
    ['a\u2028b', 'U+2028'],
    ['a\tb', 'U+0009'],
    ['a\nb', 'U+000A'],
    ['a\rb', 'U+000D'],
  ];
  for (const [text, codePoint] of refused) t.is(findControlCharacter(text)?.codePoint, codePoint, text);
  t.deepEqual(findControlCharacter('Ив\u0000ан'), { codePoint: 'U+0000', index: 2 });
});

test('passes any other character, paired surrogates included', (t) => {
  for (const text of [
    'Иванов Иван',
    'Семе\u0308н',
    '😀 emoji',
    'Zoë — “quoted”',
    '\u00a0nbsp',
    'ﬁ ligature',
  ]) {
    t.is(findControlCharacter(text), undefined, text);
  }
});

test('a multiline field keeps tab and line breaks, and still refuses the rest', (t) => {
  const multiline = { multiline: true };
  for (const text of ['a\tb', 'a\nb', 'a\r\nb', 'a\rb', 'a\u2028b\u2029c']) {
    t.is(findControlCharacter(text, multiline), undefined, JSON.stringify(text));
  }
  t.is(findControlCharacter('a\n\u0000', multiline)?.codePoint, 'U+0000');
  t.is(findControlCharacter('a\u000b', multiline)?.codePoint, 'U+000B');
  t.is(normalizePlainText('a\r\nb\rc\u2028d', multiline), 'a\nb\nc\nd');
});

test('normalises to NFC: a decomposed ё is stored composed', (t) => {
  t.is(normalizePlainText('Семе\u0308н'), 'Семён');
  t.is(normalizePlainText('Семе\u0308н').length, 5);
});

test('makes any string storable and any query searchable', (t) => {
  t.is(storableText('a\u0000b\ud800c😀'), 'a\uFFFDb\uFFFDc😀');
  t.is(blankControlCharacters('Ив\u0000ан\tСеме\u0308н'), 'Ив ан Семён');
});
