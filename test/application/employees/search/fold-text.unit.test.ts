import test from 'ava';
import { foldText } from '../../../../application/employees/search/index.ts';

test('folds case, ё and whitespace', (t) => {
  t.is(foldText('  СЕМЁНОВ   Пётр\tИванович '), 'семенов петр иванович');
  t.is(foldText('Ёлкин'), 'елкин');
  t.is(foldText('John  SMITH'), 'john smith');
});
