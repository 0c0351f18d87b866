import test from 'ava';
import { defaultSettings } from '../../../domain/settings/index.ts';
import type { DomainErrorCode } from '../../../domain/shared/index.ts';
import { STATUS_BY_DOMAIN_CODE } from '../../../interfaces/http/problem-statuses.ts';
import { LANGUAGES, translator } from '../../../interfaces/telegram/i18n/index.ts';
import { BOT_REFUSALS } from '../../../interfaces/telegram/refusal-replies.ts';

// The HTTP map is the other `Record` over every domain code: the same keys, or one of the maps lost a code.
const EVERY_CODE = Object.keys(STATUS_BY_DOMAIN_CODE).sort() as DomainErrorCode[];

test('gives every domain code a reply and a button answer, in every language', (t) => {
  t.true(EVERY_CODE.length >= 60, `only ${EVERY_CODE.length} codes`);
  t.deepEqual(Object.keys(BOT_REFUSALS).sort(), EVERY_CODE);
  for (const code of EVERY_CODE) {
    const { reply, button } = BOT_REFUSALS[code];
    for (const texts of Object.values(LANGUAGES)) {
      t.truthy(texts[reply], `${code}: ${reply}`);
      t.truthy(texts[button], `${code}: ${button}`);
    }
  }
  // @ts-expect-error A misspelt code has no answer: a compile error, not a silent default.
  t.is(BOT_REFUSALS['TELEGRAM_USER.NOT_FOUDN'], undefined);
});

test('keeps the texts the admins’ commands answered refusals with', (t) => {
  const t8n = translator('ru', defaultSettings());
  // `/role ID ROLE` and `/block ID`: every refusal they can meet says the user is unknown or without access.
  for (const code of [
    'TELEGRAM_USER.NOT_FOUND',
    'TELEGRAM_USER.FORGOTTEN',
    'TELEGRAM_USER.BLOCKED',
    'TELEGRAM_USER.NOT_APPROVED',
  ] as const) {
    t.is(
      t8n(BOT_REFUSALS[code].reply, { id: 42 }),
      'Пользователь 42 не найден или ещё не получил доступ.',
      code,
    );
  }
  // An access decision's button: every refusal it can meet says the request is decided.
  for (const code of [
    'TELEGRAM_USER.NOT_FOUND',
    'TELEGRAM_USER.FORGOTTEN',
    'TELEGRAM_USER.BLOCKED',
    'TELEGRAM_USER.ALREADY_DECIDED',
    'PERSONAL_DATA.SUBJECT_FORGOTTEN',
  ] as const) {
    t.is(t8n(BOT_REFUSALS[code].button), 'По этому запросу уже принято решение.', code);
  }
});
