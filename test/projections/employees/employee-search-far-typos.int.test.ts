import anyTest, { type TestFn } from 'ava';
import type { EmployeeDetails } from '../../../domain/employees/index.ts';
import { fixtureId } from '../../support/directory-fixture.ts';
import {
  type SearchFixture,
  rankingNeighbours,
  searchOverDirectory,
  twoDepartmentOffice,
} from '../../support/search-fixture.ts';

/** Issue #14: two letters wrong in a long surname (Damerau–Levenshtein ≤ 2 for words of 7 letters or more). */

type Context = SearchFixture;

const test = anyTest as TestFn<Context>;

type Person = Partial<EmployeeDetails> & { fullName: string };

const people = {
  tikhomirovaTI: { fullName: 'Тихомирова Татьяна Ивановна', position: 'Бухгалтер' },
  // One edit from `Тахомирава`, where Тихомирова is two: it ranks first for that query.
  takhomirova: { fullName: 'Тахомирова Ольга Петровна', position: 'Экономист' },
  tikhomirov: { fullName: 'Тихомиров Олег Ильич', position: 'Инженер' },
  shcherbakov: { fullName: 'Щербаков Олег Юрьевич', position: 'Грузчик' },
  timofeeva: { fullName: 'Тимофеева Анна Сергеевна', position: 'Юрист' },
  yudin: { fullName: 'Юдин Дмитрий Игоревич', position: 'Инженер' },
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

/** The trigram search alone cannot find these: the similarity is under pg_trgm's default threshold of 0.3. */
test('two wrong letters far apart leave too few trigrams for the trigram search', async (t) => {
  const { rows } = await t.context.database.pool.query<{ similarity: number }>(
    `select similarity('тахомирава', 'тихомирова') as similarity
     union all select similarity('щарбакав', 'щербаков')`,
  );
  for (const row of rows) t.true(row.similarity < 0.3, String(row.similarity));
});

test(
  'two wrong letters far apart in a long surname',
  findsFirst,
  ['Тихамирава', 'Тихомерава Татьяна', 'тихомирава татьяна ивановна'],
  'tikhomirovaTI',
  ['timofeeva', 'yudin'],
);
test(
  'two wrong letters in an eight-letter surname',
  findsFirst,
  ['Щарбакав', 'Щарбакав Олег'],
  'shcherbakov',
);
test(
  'a swap and a wrong letter in a long surname',
  findsFirst,
  ['Тихомриава', 'Тихомриава Татьяна'],
  'tikhomirovaTI',
);
test('two wrong letters in a Latin spelling', findsFirst, ['Tikhamirava Tatyana'], 'tikhomirovaTI');

test('the surname one edit away ranks above the one two edits away', async (t) => {
  const names = await namesFound(t, 'Тахомирава');
  t.deepEqual(names.slice(0, 2), [nameOf('takhomirova'), nameOf('tikhomirovaTI')], names.join(', '));
});

test('the exact surname and the longer ones it starts come first', async (t) => {
  const names = await namesFound(t, 'Тихомиров');
  t.deepEqual(names.slice(0, 2), [nameOf('tikhomirov'), nameOf('tikhomirovaTI')], names.join(', '));
  const [exact] = await t.context.search.search('Тихомирова');
  t.is(exact?.employee.fullName, nameOf('tikhomirovaTI'));
  t.is(exact?.score, 1);
});

test('three wrong letters are too many', async (t) => {
  t.false((await namesFound(t, 'Тахамирава')).includes(nameOf('tikhomirovaTI')));
});
