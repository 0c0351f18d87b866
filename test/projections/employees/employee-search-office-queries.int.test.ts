import anyTest, { type TestFn } from 'ava';
import type { EmployeeDetails } from '../../../domain/employees/index.ts';
import { fixtureId } from '../../support/directory-fixture.ts';
import {
  type SearchFixture,
  rankingNeighbours,
  searchOverDirectory,
  twoDepartmentOffice,
} from '../../support/search-fixture.ts';

/** The queries of issue #14: surnames with initials, typos in short surnames, the last digits of a phone. */

type Context = SearchFixture;

const test = anyTest as TestFn<Context>;

type Person = Partial<EmployeeDetails> & { fullName: string };

const people = {
  lebedevaEI: {
    fullName: 'Лебедева Елена Ивановна',
    position: 'Бухгалтер',
    email: 'e.lebedeva@corp.example',
  },
  lebedevaEO: { fullName: 'Лебедева Елена Олеговна', position: 'Бухгалтер' },
  lebedevaAI: { fullName: 'Лебедева Анна Ивановна', position: 'Экономист', email: 'a.lebedeva@corp.example' },
  lebedevEI: { fullName: 'Лебедев Евгений Игоревич', position: 'Инженер' },
  yudin: { fullName: 'Юдин Дмитрий Игоревич', position: 'Инженер' },
  yudina: { fullName: 'Юдина Дарья Ивановна', position: 'Экономист' },
  popkov: { fullName: 'Попков Олег Петрович', position: 'Водитель' },
  kozlovaDO: { fullName: 'Козлова Дарья Олеговна', position: 'Юрист' },
  kozlovaDO2: { fullName: 'Козлова Диана Олеговна', position: 'Юрист' },
  kozlovaDA: { fullName: 'Козлова Дарья Андреевна', position: 'Юрист' },
  petrovAS: { fullName: 'Петров А.С.', position: 'Кладовщик' },
  petrovIS: { fullName: 'Петров И.С.', position: 'Кладовщик' },
  popov: { fullName: 'Попов Иван Андреевич', position: 'Менеджер' },
  // `Пупов Иван` is a typo for Попов Иван that makes this real surname.
  pupov: { fullName: 'Пупов Олег Ильич', position: 'Менеджер' },
  popovaI: { fullName: 'Попова Ирина Викторовна', position: 'Менеджер' },
  shcherbakov: { fullName: 'Щербаков Олег Юрьевич', position: 'Грузчик' },
  smith: { fullName: 'John Smith', position: 'Consultant' },
  // The same seven digits: at the end of one number, inside another (and the first one alphabetically).
  tailAtEnd: { fullName: 'Яковлев Пётр Сергеевич', workPhone: '+7 (495) 359-59-41' },
  tailInside: { fullName: 'Абрамов Олег Ильич', mobilePhone: '+7 (935) 959-41-12' },
} satisfies Record<string, Person>;

type Key = keyof typeof people;
const keys = Object.keys(people) as Key[];
const idOf = (key: Key) => fixtureId('e', keys.indexOf(key) + 1);
const nameOf = (key: Key) => people[key].fullName;

test.before(async (t) => {
  const named = keys.map((key) => [idOf(key), people[key]] as const);
  t.context = await searchOverDirectory(twoDepartmentOffice([...named, ...rankingNeighbours]), {
    occurredAt: '2026-12-03T07:00:00.000Z',
  });
});

test.after.always(async (t) => {
  await t.context.database?.drop();
});

const namesFound = async (t: { context: Context }, query: string) =>
  (await t.context.search.search(query)).map((hit) => hit.employee.fullName);

/** Each query finds `expected` first and none of `never`. */
const findsFirst = test.macro(
  async (t, queries: readonly string[], expected: Key, never: readonly Key[] = []) => {
    for (const query of queries) {
      const names = await namesFound(t, query);
      t.is(names[0], nameOf(expected), `"${query}" → ${names.join(', ')}`);
      for (const other of never) t.false(names.includes(nameOf(other)), `"${query}" → ${names.join(', ')}`);
    }
  },
);

test(
  'a surname with initials, in every shape a document writes it',
  findsFirst,
  [
    'Лебедева Е.И.',
    'Лебедева Е. И.',
    'Лебедева Е.И',
    'Лебедева ЕИ',
    'Лебедева Е И',
    'Е.И. Лебедева',
    'Е. И. Лебедева',
    'Е.И.Лебедева',
    'ЛебедеваЕИ',
    'ЛебедеваЕ.И.',
    'лебедева е.и.',
    'ЛЕБЕДЕВА Е.И.',
  ],
  'lebedevaEI',
  ['lebedevaEO', 'lebedevaAI'],
);
test(
  'a surname with initials in Latin letters or on the wrong layout',
  findsFirst,
  ['Lebedeva E.I.', 'E.I. Lebedeva', 'Kt,tltdf T/B/', 'kt,tltdf t/b/'],
  'lebedevaEI',
  ['lebedevaEO', 'lebedevaAI'],
);
test('a surname with one initial', findsFirst, ['Лебедева А.', 'Лебедева А'], 'lebedevaAI', ['lebedevaEI']);
test('a short surname with initials', findsFirst, ['Юдин Д.И.', 'Д.И. Юдин', 'Yudin D.I.'], 'yudin');
test('a surname with initials in a directory that stores initials', findsFirst, ['Петров А.С.'], 'petrovAS', [
  'petrovIS',
]);

test('namesakes with the same initials are all found first', async (t) => {
  for (const query of ['Козлова Д. О.', 'Козлова Д.О.', 'КозловаДО']) {
    const names = await namesFound(t, query);
    t.deepEqual(new Set(names.slice(0, 2)), new Set([nameOf('kozlovaDO'), nameOf('kozlovaDO2')]), query);
    t.false(names.includes(nameOf('kozlovaDA')), query);
  }
});

test('initials nobody has fall back to the words of the query', async (t) => {
  // No Юдина И.Т.: `ИТ` is the word of her department (Юдин works in another).
  t.deepEqual(await namesFound(t, 'Юдина ИТ'), [nameOf('yudina')]);
});

test(
  'one wrong, missing, extra or swapped letter in a short surname',
  findsFirst,
  ['Южин Дмитрий', 'Юдни Дмитрий', 'Юддин Дмитрий', 'Ядин Дмитрий', 'южин'],
  'yudin',
);
test('a typo in a five-letter surname', findsFirst, ['Поупов Иван', 'Поупов'], 'popov');
test(
  'a typo that makes another surname, when nobody has it with the other words',
  findsFirst,
  ['Пупов Иван'],
  'popov',
);
test('a typo in a long surname', findsFirst, ['Щербакав Олег', 'Щебраков'], 'shcherbakov');
test('a typo in a Latin name', findsFirst, ['Smiht', 'Smitt'], 'smith');

test('a word one typo away ranks below the exact word and the longer words it starts', async (t) => {
  const names = await namesFound(t, 'попов');
  const at = (key: Key) => names.indexOf(nameOf(key));
  t.is(at('popov'), 0, names.join(', '));
  t.true(at('popovaI') > 0, names.join(', '));
  t.true(at('popkov') > at('popovaI'), names.join(', '));
});

test('the number that ends with the digits first, then the one that holds them', async (t) => {
  for (const query of ['359-59-41', '3595941', '359 59 41', '59-41']) {
    const hits = await t.context.search.search(query);
    t.deepEqual(
      hits.map((hit) => [hit.employee.fullName, hit.matchedBy]),
      [
        [nameOf('tailAtEnd'), 'phone'],
        [nameOf('tailInside'), 'phone'],
      ],
      query,
    );
  }
});

test('an e-mail login finds its owner first among namesakes', async (t) => {
  // Both have e-mails: the letter before the dot is what tells them apart.
  const names = await namesFound(t, 'a.lebedeva');
  t.deepEqual(names, [nameOf('lebedevaAI')]);
  t.is((await namesFound(t, 'E.Lebedeva'))[0], nameOf('lebedevaEI'));
});

/** Every page of one query comes from the statement that answered its first page: no page mixes in another's. */
test('page by page, a query lists what one page of all lists, and then nothing', async (t) => {
  for (const query of [
    'Лебедева Е.И.',
    'Козлова Д.О.',
    'a.lebedeva',
    'Южин Дмитрий',
    'Пупов Иван',
    'Лебедева',
  ]) {
    const all = (await t.context.search.search(query, { limit: 50 })).map((hit) => hit.employee.fullName);
    const paged: (string | null)[] = [];
    for (let offset = 0; offset <= all.length; offset += 1) {
      const [hit, ...more] = await t.context.search.search(query, { limit: 1, offset });
      t.is(more.length, 0);
      if (hit !== undefined) paged.push(hit.employee.fullName);
    }
    t.true(all.length > 0, query);
    t.deepEqual(paged, all, query);
  }
});
