import { DomainError } from '../shared/index.ts';
import type { EmployeeFieldErrorCode } from './employees-error-codes.ts';
import { type EmployeeDetails, type EmployeeField } from './employee-fields.ts';
import { checkLength, plainText } from './text-value.ts';

/** Details as a command brings them: only `fullName` is required; a missing field is `null`. */
export type EmployeeDetailsInput = { readonly fullName: string } & {
  readonly [F in Exclude<EmployeeField, 'fullName'>]?: string | null | undefined;
};

/** A partial change: the fields given (not `undefined`) are set (`null` or `''` clears one), the others stay. */
export type EmployeeDetailsPatch = { readonly [F in EmployeeField]?: string | null | undefined };

const MAX_LENGTH: Readonly<Record<EmployeeField, number>> = {
  fullName: 200,
  position: 200,
  workPhone: 32,
  mobilePhone: 32,
  extension: 10,
  email: 254,
  room: 50,
  notes: 2000,
};

// Deliberately loose: one `@`, no blanks, a dot in the domain. The mail server is the real judge.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// Digits with the usual separators: `+7 (495) 123-45-67`, `8.800.555.35.35`.
const PHONE = /^\+?[\d\s().-]*\d[\d\s().-]*$/;
const EXTENSION = /^\d+$/;

const INVALID_FIELD_CODE: Readonly<Record<EmployeeField, EmployeeFieldErrorCode>> = {
  fullName: 'EMPLOYEE.INVALID_FULL_NAME',
  position: 'EMPLOYEE.INVALID_POSITION',
  workPhone: 'EMPLOYEE.INVALID_WORK_PHONE',
  mobilePhone: 'EMPLOYEE.INVALID_MOBILE_PHONE',
  extension: 'EMPLOYEE.INVALID_EXTENSION',
  email: 'EMPLOYEE.INVALID_EMAIL',
  room: 'EMPLOYEE.INVALID_ROOM',
  notes: 'EMPLOYEE.INVALID_NOTES',
};

/** `EMPLOYEE.INVALID_WORK_PHONE` for `workPhone`: one code per field, so an interface can point at it. */
export const invalidFieldCode = (field: EmployeeField): EmployeeFieldErrorCode => INVALID_FIELD_CODE[field];

/** The one field where tab and line breaks belong. */
const MULTILINE: ReadonlySet<EmployeeField> = new Set<EmployeeField>(['notes']);

/** Trims one field's value and checks it (plain text, see `plainText`); returns the value the events record. */
export function normalizeEmployeeField(
  field: EmployeeField,
  value: string | null | undefined,
): string | null {
  const code = invalidFieldCode(field);
  const text = plainText(value, code, field, { multiline: MULTILINE.has(field) });
  if (field === 'fullName' && text === null) {
    throw new DomainError(code, 'The full name is required', { field });
  }
  checkLength(text, MAX_LENGTH[field], code, field);
  if (text === null) return null;
  const ok =
    field === 'email'
      ? EMAIL.test(text)
      : field === 'workPhone' || field === 'mobilePhone'
        ? PHONE.test(text)
        : field === 'extension'
          ? EXTENSION.test(text)
          : true;
  if (!ok) throw new DomainError(code, `"${text}" is not a valid ${field}`, { field });
  return text;
}

/** Normalises and checks every field of a new employee's details. */
export function normalizeEmployeeDetails(input: EmployeeDetailsInput): EmployeeDetails {
  const field = (name: Exclude<EmployeeField, 'fullName'>) => normalizeEmployeeField(name, input[name]);
  return {
    // Never null: normalizeEmployeeField refuses an empty full name.
    fullName: normalizeEmployeeField('fullName', input.fullName) ?? '',
    position: field('position'),
    workPhone: field('workPhone'),
    mobilePhone: field('mobilePhone'),
    extension: field('extension'),
    email: field('email'),
    room: field('room'),
    notes: field('notes'),
  };
}
