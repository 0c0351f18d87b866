import test from 'ava';
import {
  cyrillicLayoutToLatin,
  latinLayoutToCyrillic,
} from '../../../../application/employees/search/index.ts';

test('reads Latin typed on the Russian layout as Cyrillic', (t) => {
  t.is(latinLayoutToCyrillic('bdfyjd'), 'иванов');
  t.is(latinLayoutToCyrillic('ghbdtn'), 'привет');
  t.is(latinLayoutToCyrillic('[j[kjd'), 'хохлов');
});

test('reads the shifted punctuation keys as the Russian letters under them', (t) => {
  t.is(latinLayoutToCyrillic('<fhfyjd'), 'баранов');
});

test('reads Cyrillic typed on the Latin layout as Latin', (t) => {
  t.is(cyrillicLayoutToLatin('шмфтщм'), 'ivanov');
  t.is(cyrillicLayoutToLatin('зуекщм'), 'petrov');
});

test('keeps what has no counterpart on the other layout', (t) => {
  t.is(latinLayoutToCyrillic('ws-01'), 'цы-01');
  t.is(cyrillicLayoutToLatin('123'), '123');
});
