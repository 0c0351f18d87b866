import test from 'ava';
import { DEFAULT_HEADER_ALIASES } from '../../../../application/employees/index.ts';
import { parseHeaderAliases } from '../../../../application/employees/import/index.ts';
import { DomainError } from '../../../../domain/shared/index.ts';

test('adds the names of the setting to the defaults of their columns', (t) => {
  const aliases = parseHeaderAliases(' fullName = Работник | Сотрудник ООО ; room=Комн. ');
  t.deepEqual(aliases.fullName, [...DEFAULT_HEADER_ALIASES.fullName, 'Работник', 'Сотрудник ООО']);
  t.deepEqual(aliases.room, [...DEFAULT_HEADER_ALIASES.room, 'Комн.']);
  t.is(aliases.email, undefined);
});

test('an empty setting adds nothing', (t) => {
  t.deepEqual(parseHeaderAliases(''), {});
  t.deepEqual(parseHeaderAliases(' ; '), {});
});

test('refuses an unknown column or a column without names, naming it', (t) => {
  const unknown = t.throws(() => parseHeaderAliases('salary=Оклад'), { instanceOf: DomainError });
  t.is(unknown?.code, 'IMPORT.HEADERS_SETTING_INVALID');
  t.regex(unknown?.message ?? '', /"salary" is not a column/);
  t.throws(() => parseHeaderAliases('room='), { message: /no names for room/ });
});
