import test from 'ava';
import { nameWithInitialsOf } from '../../../../application/employees/search/index.ts';

const LEBEDEVA_E_I = { surname: 'Лебедева', initials: [['е'], ['и']] };

const reads = test.macro((t, typed: string, expected: ReturnType<typeof nameWithInitialsOf>) => {
  t.deepEqual(nameWithInitialsOf(typed), expected, typed);
});

test('after the surname, dotted', reads, 'Лебедева Е.И.', LEBEDEVA_E_I);
test('after the surname, dotted and spaced', reads, 'Козлова Д. О.', {
  surname: 'Козлова',
  initials: [['д'], ['о']],
});
test('after the surname, the last dot left out', reads, 'Лебедева Е.И', LEBEDEVA_E_I);
test('after the surname, capitals without dots', reads, 'Лебедева ЕИ', LEBEDEVA_E_I);
test('after the surname, single letters spaced', reads, 'Лебедева Е И', LEBEDEVA_E_I);
test('before the surname', reads, 'Е.И. Лебедева', LEBEDEVA_E_I);
test('before the surname, spaced', reads, 'Е. И. Лебедева', LEBEDEVA_E_I);
test('before the surname, glued with dots', reads, 'Е.И.Лебедева', LEBEDEVA_E_I);
test('glued after the surname, told by capitals', reads, 'ЛебедеваЕИ', LEBEDEVA_E_I);
test('glued after the surname, with dots', reads, 'ЛебедеваЕ.И.', LEBEDEVA_E_I);
test('in lower case with dots', reads, 'лебедева е.и.', { surname: 'лебедева', initials: [['е'], ['и']] });
test('in capitals', reads, 'ЛЕБЕДЕВА Е.И.', { surname: 'ЛЕБЕДЕВА', initials: [['е'], ['и']] });
test('one initial, with or without its dot', (t) => {
  t.deepEqual(nameWithInitialsOf('Юдин Д.'), { surname: 'Юдин', initials: [['д']] });
  t.deepEqual(nameWithInitialsOf('Юдин Д'), { surname: 'Юдин', initials: [['д']] });
  t.deepEqual(nameWithInitialsOf('Д. Юдин'), { surname: 'Юдин', initials: [['д']] });
});
test('ё as an initial is е', reads, 'Лебедева Ё.И.', LEBEDEVA_E_I);
test('a double surname', reads, 'Римская-Корсакова А.Н.', {
  surname: 'Римская-Корсакова',
  initials: [['а'], ['н']],
});

test('in Latin letters: each initial may be any Russian letter it spells, or itself', (t) => {
  const named = nameWithInitialsOf('Lebedeva E.I.');
  t.is(named?.surname, 'Lebedeva');
  t.true(named?.initials[0]?.includes('е'));
  t.true(named?.initials[0]?.includes('э'));
  t.true(named?.initials[0]?.includes('e'));
  t.true(named?.initials[1]?.includes('и'));
  const yudin = nameWithInitialsOf('Yudin D.Yu.');
  t.true(yudin?.initials[0]?.includes('д'));
  t.true(yudin?.initials[1]?.includes('ю'));
  t.true(nameWithInitialsOf('Zhukov Zh.')?.initials[0]?.includes('ж'));
  // Cut to its first letter, `Zhanna` is `Z.`.
  t.true(nameWithInitialsOf('Vorobeva Z.O.')?.initials[0]?.includes('ж'));
});

test('typed on the Latin layout: `/` is the dot, the letters are their Russian keys', (t) => {
  t.deepEqual(nameWithInitialsOf('Kt,tltdf T/B/'), { surname: 'Kt,tltdf', initials: [['е'], ['и']] });
  // The punctuation keys are letters there too: `<` (or `,`) is Б, `>` (or `.`) is Ю.
  t.deepEqual(nameWithInitialsOf('Tahtvjdf N/</'), { surname: 'Tahtvjdf', initials: [['т'], ['б']] });
  t.deepEqual(nameWithInitialsOf('Frc`yjd ,/>/'), { surname: 'Frc`yjd', initials: [['б'], ['ю']] });
  // With a Latin dot the letters may be Latin initials as well as Russian keys.
  const dotted = nameWithInitialsOf('Kt,tltdf T.B.');
  t.is(dotted?.surname, 'Kt,tltdf');
  t.true(dotted?.initials[0]?.includes('е'));
  t.true(dotted?.initials[1]?.includes('и'));
});

test('what is no surname with initials is none', (t) => {
  for (const typed of [
    'Лебедева',
    'Лебедева Елена',
    'Лебедева Елена Ивановна',
    'Е.И.',
    'i.ivanov',
    'john.smith',
    'ws-buh-01',
    'pc12.corp.local',
    'склад № 2',
    '359-59-41',
    '10.0.12.7',
    'лебедева еи',
    'Лебедева 2',
    'a b c d',
    '',
  ]) {
    t.is(nameWithInitialsOf(typed), null, typed);
  }
});
