import test from 'ava';
import type { DomainErrorCode } from '../../../domain/shared/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { EXIT, EXIT_BY_DOMAIN_CODE, describeFailure } from '../../../interfaces/cli/exit-codes.ts';
import { STATUS_BY_DOMAIN_CODE } from '../../../interfaces/http/problem-statuses.ts';

// The HTTP map is the other `Record` over every domain code: the same keys, or one of the maps lost a code.
const EVERY_CODE = Object.keys(STATUS_BY_DOMAIN_CODE).sort() as DomainErrorCode[];

test('gives every domain code an exit code, 1 or 2', (t) => {
  t.true(EVERY_CODE.length >= 60, `only ${EVERY_CODE.length} codes`);
  t.deepEqual(Object.keys(EXIT_BY_DOMAIN_CODE).sort(), EVERY_CODE);
  for (const code of EVERY_CODE) {
    t.true([EXIT.failure, EXIT.usage].includes(EXIT_BY_DOMAIN_CODE[code]), code);
  }
  // @ts-expect-error A misspelt code has no exit code: a compile error, not a silent 1.
  t.is(EXIT_BY_DOMAIN_CODE['EMPLOYEE.NOT_FOUDN'], undefined);
});

test('keeps the exit codes the commands had: 2 for what the operator typed, 1 for a refusal met while working', (t) => {
  // `employees forget`, `telegram forget`, `users forget`, `users create-admin`, `import employees FILE`.
  for (const code of [
    'EMPLOYEE.NOT_FOUND',
    'TELEGRAM_USER.NOT_FOUND',
    'USER.NOT_FOUND',
    'USER.NOT_DISABLED',
    'USER.PASSWORD_INVALID',
    'USER.USERNAME_LOOKALIKE_TAKEN',
    'IMPORT.NOT_A_WORKBOOK',
    'IMPORT.HEADERS_SETTING_INVALID',
  ] as const) {
    t.is(EXIT_BY_DOMAIN_CODE[code], EXIT.usage, code);
  }
  for (const code of ['IMPORT.CONFLICT', 'EMPLOYEE.DISMISSED', 'PERSONAL_DATA.SUBJECT_FORGOTTEN'] as const) {
    t.is(EXIT_BY_DOMAIN_CODE[code], EXIT.failure, code);
  }
});

test('describes a refused command by its code’s exit code and its message', (t) => {
  t.deepEqual(describeFailure(new DomainError('EMPLOYEE.NOT_FOUND', 'No employee 42')), {
    code: 2,
    message: 'tbot: No employee 42',
  });
  t.deepEqual(describeFailure(new DomainError('IMPORT.CONFLICT', 'Another import committed first')), {
    code: 1,
    message: 'tbot: Another import committed first',
  });
  t.is(describeFailure(new Error('boom')).code, 1);
});
