import test from 'ava';
import { cyrillicToLatin, latinToCyrillic } from '../../../../application/employees/search/index.ts';

test('reads common Latin spellings of Russian names', (t) => {
  t.is(latinToCyrillic('ivanov')[0], 'иванов');
  t.is(latinToCyrillic('semenov')[0], 'семенов');
  t.is(latinToCyrillic('zhukov')[0], 'жуков');
  t.is(latinToCyrillic('khokhlov')[0], 'хохлов');
  t.is(latinToCyrillic('tsvetkov')[0], 'цветков');
  t.is(latinToCyrillic('chernov')[0], 'чернов');
  t.is(latinToCyrillic('shubin')[0], 'шубин');
  t.is(latinToCyrillic('yudin')[0], 'юдин');
  t.is(latinToCyrillic('yakovlev')[0], 'яковлев');
});

test('knows the several spellings of щ, х, ю and я', (t) => {
  t.is(latinToCyrillic('shcherbakov')[0], 'щербаков');
  t.is(latinToCyrillic('scherbakov')[0], 'щербаков');
  t.is(latinToCyrillic('hohlov')[0], 'хохлов');
  t.true(latinToCyrillic('yuliia').includes('юлия'));
  t.true(latinToCyrillic('iulia').includes('юлия'));
  t.is(latinToCyrillic('yolkin')[0], 'елкин');
});

test('offers both readings of y, the likelier first', (t) => {
  t.deepEqual(latinToCyrillic('bykov').slice(0, 2), ['быков', 'бйков']);
  t.deepEqual(latinToCyrillic('nikolay').slice(0, 2), ['николай', 'николаы']);
  t.true(latinToCyrillic('dmitriy').includes('дмитрий'));
});

test('returns at most the asked number of candidates, without repeats', (t) => {
  const candidates = latinToCyrillic('yuriy yakovlevich tsarev', 3);
  t.true(candidates.length <= 3);
  t.is(new Set(candidates).size, candidates.length);
});

test('spells Cyrillic in Latin as a passport does', (t) => {
  t.is(cyrillicToLatin('иванов'), 'ivanov');
  t.is(cyrillicToLatin('щукин'), 'shchukin');
  t.is(cyrillicToLatin('юлия'), 'yuliya');
  t.is(cyrillicToLatin('хохлов'), 'khokhlov');
});
