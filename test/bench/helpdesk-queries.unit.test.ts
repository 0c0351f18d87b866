import test from 'ava';
import type { DirectoryPerson } from '../../bench/support/directory-people.ts';
import { helpdeskQueries } from '../../bench/support/helpdesk-queries.ts';
import { editDistance, typedInLatinLayout, withTypo } from '../../bench/support/mistyping.ts';
import { seededRandom } from '../../bench/support/russian-names.ts';

const person = (id: string, fullName: string, more: Partial<DirectoryPerson> = {}): DirectoryPerson => {
  const [surname = '', firstName = '', patronymic = ''] = fullName.split(' ');
  return {
    id,
    fullName,
    surname,
    firstName,
    patronymic,
    department: 'Бухгалтерия',
    phones: [],
    extension: null,
    email: null,
    hostnames: [],
    active: true,
    ...more,
  };
};

test('the wrong layout gives the QWERTY keys of the Russian ones, shift and full stop included', (t) => {
  t.is(typedInLatinLayout('Лебедева Е.И.'), 'Kt,tltdf T/B/');
  t.is(typedInLatinLayout('Баранов Пётр'), '<fhfyjd G`nh');
  t.is(typedInLatinLayout('ws-01'), 'ws-01');
});

test('the edit distance counts a swap of neighbours as one slip', (t) => {
  t.is(editDistance('юдин', 'южин'), 1);
  t.is(editDistance('юдин', 'юидн'), 1);
  t.is(editDistance('юдин', 'юдинн'), 1);
  t.is(editDistance('юдин', 'юдин'), 0);
  t.is(editDistance('юдин', 'попов'), 5);
});

test('a typo is one slip away, keeps the first letter and never gives a taken word', (t) => {
  const random = seededRandom(1);
  const taken = new Set(['юдина', 'юдин']);
  for (let i = 0; i < 200; i++) {
    const typed = withTypo('юдин', random, taken);
    if (typed === null) continue;
    t.is(editDistance('юдин', typed), 1, typed);
    t.is(typed[0], 'ю');
    t.false(taken.has(typed));
    t.true(typed.length >= 4, typed);
  }
});

test('a query accepts the namesakes it cannot tell apart and no one else', (t) => {
  const people = [
    person('a', 'Лебедева Елена Ивановна', { extension: '20001', phones: ['9163595941'] }),
    person('b', 'Лебедева Екатерина Игоревна', { extension: '20002', department: 'Склад № 1' }),
    person('c', 'Лебедева Елена Игоревна', { extension: '20003', department: 'Склад № 1' }),
    person('d', 'Лебедева Елена Петровна', { extension: '20004', department: 'Склад № 1' }),
  ];
  const queries = helpdeskQueries(people, 10, 3);
  const of = (kind: string, target: string) => {
    const query = queries.find((q) => q.kind === kind && q.targetId === target);
    if (!query) throw new Error(`no ${kind} query for ${target}`);
    return { text: query.text, accepted: [...query.accepted].sort() };
  };
  t.deepEqual(of('initials S I.O.', 'a'), { text: 'Лебедева Е.И.', accepted: ['a', 'b', 'c'] });
  t.deepEqual(of('initials wrong layout', 'd').accepted, ['d']);
  t.deepEqual(of('surname name', 'a'), { text: 'Лебедева Елена', accepted: ['a', 'c', 'd'] });
  t.deepEqual(of('full name', 'b').accepted, ['b']);
  t.deepEqual(of('extension', 'c'), { text: '20003', accepted: ['c'] });
  t.deepEqual(of('phone tail', 'a'), { text: '359-59-41', accepted: ['a'] });
  t.deepEqual(of('department', 'b').accepted, ['b', 'c', 'd']);
  t.deepEqual(helpdeskQueries(people, 10, 3), queries, 'the same seed makes the same queries');
});
