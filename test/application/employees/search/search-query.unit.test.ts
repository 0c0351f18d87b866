import test from 'ava';
import { MAX_QUERY_LENGTH, parseSearchQuery } from '../../../../application/employees/search/index.ts';

const variantsOf = (typed: string, word = 0) =>
  parseSearchQuery(typed).words[word]?.variants.map((v) => v.text) ?? [];

test('a name is a text query in its typed spelling first', (t) => {
  const query = parseSearchQuery('Семёнов');
  t.deepEqual(query.kinds, ['text']);
  t.is(query.words[0]?.variants[0]?.text, 'семенов');
  t.is(query.words[0]?.variants[0]?.kind, 'typed');
});

test('a Latin word is also read transliterated and on the other layout', (t) => {
  t.true(variantsOf('ivanov').includes('иванов'));
  t.true(variantsOf('bdfyjd').includes('иванов'));
  const layout = parseSearchQuery('bdfyjd').words[0]?.variants.find((v) => v.text === 'иванов');
  t.is(layout?.kind, 'layout');
  t.true((layout?.weight ?? 1) < 1);
});

test('a Cyrillic word is also read on the Latin layout and in Latin letters', (t) => {
  t.true(variantsOf('шмфтщм').includes('ivanov'));
  t.true(variantsOf('смит').includes('smit'));
});

test('a query is cut into words at spaces, each with its own spellings', (t) => {
  const query = parseSearchQuery('ivanov  бухгалтерия');
  t.deepEqual(
    query.words.map((w) => w.text),
    ['ivanov', 'бухгалтерия'],
  );
  t.true(variantsOf('ivanov  бухгалтерия', 0).includes('иванов'));
});

test('a word with no letter or digit in either layout is dropped; one character stays a word', (t) => {
  t.deepEqual(
    parseSearchQuery('Быков Склад № 2 —').words.map((w) => w.text),
    ['быков', 'склад', '2'],
  );
  // `<` is б on the Russian layout: a word after all.
  t.deepEqual(
    parseSearchQuery('<fhfyjd').words.map((w) => w.text),
    ['<fhfyjd'],
  );
});

test('a phone in any format is its national digits, with no text search', (t) => {
  for (const typed of [
    '+7 (916) 123-45-67',
    '8 916 123 45 67',
    '89161234567',
    '+79161234567',
    '916-123-45-67',
  ]) {
    const query = parseSearchQuery(typed);
    t.is(query.phoneDigits, '9161234567', typed);
    t.deepEqual(query.words, [], typed);
  }
});

test('four digits or more are the end of a phone, and may be an extension', (t) => {
  const query = parseSearchQuery('4567');
  t.is(query.phoneDigits, '4567');
  t.is(query.extension, '4567');
  t.deepEqual(query.kinds, ['phone', 'extension']);
});

test('three digits are an extension or a room, not a phone', (t) => {
  const query = parseSearchQuery('301');
  t.is(query.phoneDigits, null);
  t.is(query.extension, '301');
  t.deepEqual(query.kinds, ['text', 'extension']);
});

test('an IPv4 or IPv6 address is an address, not a phone', (t) => {
  t.deepEqual(parseSearchQuery('10.0.12.7').ip, { value: '10.0.12.7', exact: true });
  t.deepEqual(parseSearchQuery('10.0.12.7').kinds, ['ip']);
  t.deepEqual(parseSearchQuery('10.0.12.').ip, { value: '10.0.12.', exact: false });
  t.deepEqual(parseSearchQuery('FE80::1').ip, { value: 'fe80::1', exact: true });
});

test('a host name is tried as a host name and as text', (t) => {
  const query = parseSearchQuery('WS-BUH-01');
  t.is(query.hostname, 'ws-buh-01');
  t.deepEqual(query.kinds, ['text', 'hostname']);
  t.is(parseSearchQuery('иванов').hostname, null);
});

test('an empty query looks for nothing, a long one is cut', (t) => {
  t.deepEqual(parseSearchQuery('   ').kinds, []);
  t.is(parseSearchQuery('а'.repeat(500)).text.length, MAX_QUERY_LENGTH);
});

test('a surname with initials is also read as one, its surname with all its spellings', (t) => {
  const query = parseSearchQuery('Kt,tltdf T/B/');
  t.deepEqual(query.initials?.initials, [['е'], ['и']]);
  t.true(query.initials?.surname.variants.some((v) => v.text === 'лебедева'));
  t.deepEqual(
    query.words.map((w) => w.text),
    ['kt,tltdf', 't/b/'],
  );
  t.is(parseSearchQuery('Лебедева Елена').initials, null);
  t.is(parseSearchQuery('+7 916 123-45-67').initials, null);
});

test('a short word carries the spellings one typo away; a long or short-short one does not', (t) => {
  t.true(parseSearchQuery('южин').words[0]?.nearby.includes('юдин'));
  // A Latin word: its neighbours and those of its likeliest Cyrillic reading.
  t.true(parseSearchQuery('yuzhin').words[0]?.nearby.includes('юдин'));
  t.true(parseSearchQuery('smiht').words[0]?.nearby.includes('smith'));
  t.deepEqual(parseSearchQuery('юди').words[0]?.nearby, []);
  t.deepEqual(parseSearchQuery('дмитрий').words[0]?.nearby, []);
  t.deepEqual(parseSearchQuery('ws-01').words[0]?.nearby, []);
});

test('a word of seven letters or more carries the spellings the two-edit step starts from', (t) => {
  t.deepEqual(parseSearchQuery('Тахомирава').words[0]?.farSpellings, ['тахомирава']);
  // A Latin word: as typed and its likeliest Cyrillic reading.
  const latin = parseSearchQuery('Tikhamirava').words[0]?.farSpellings ?? [];
  t.is(latin[0], 'tikhamirava');
  t.true(latin.includes('тихамирава'), latin.join(', '));
  t.deepEqual(parseSearchQuery('щербак').words[0]?.farSpellings, []);
  t.deepEqual(parseSearchQuery('ws-buh-01').words[0]?.farSpellings, []);
});

test('an e-mail login is also read as its parts', (t) => {
  t.deepEqual(
    parseSearchQuery('T.Tikhomirova').loginWords?.map((w) => w.text),
    ['t', 'tikhomirova'],
  );
  t.deepEqual(
    parseSearchQuery('ivan_petrov2').loginWords?.map((w) => w.text),
    ['ivan', 'petrov2'],
  );
  t.is(parseSearchQuery('tikhomirova').loginWords, null);
  t.is(parseSearchQuery('10.0.12.7').loginWords, null);
  t.is(parseSearchQuery('t.tikhomirova ivan').loginWords, null);
});
