/**
 * The details of an employee that change field by field. `fullName`, the phones, `email` and `notes` are
 * personal data (152-FZ, GDPR): in the log they are encrypted with the employee's own key (see
 * `PERSONAL_FIELDS`), so that forgetting the person is deleting that key.
 */
export interface EmployeeDetails {
  readonly fullName: string;
  readonly position: string | null;
  readonly workPhone: string | null;
  readonly mobilePhone: string | null;
  /** Internal extension, digits only (`1234`). */
  readonly extension: string | null;
  readonly email: string | null;
  readonly room: string | null;
  readonly notes: string | null;
}

export type EmployeeField = keyof EmployeeDetails;

export const EMPLOYEE_FIELDS: readonly EmployeeField[] = [
  'fullName',
  'position',
  'workPhone',
  'mobilePhone',
  'extension',
  'email',
  'room',
  'notes',
];

/** The fields that are personal data: encrypted in events, scrubbed when the person is forgotten. */
export const PERSONAL_FIELDS: ReadonlySet<EmployeeField> = new Set<EmployeeField>([
  'fullName',
  'workPhone',
  'mobilePhone',
  'extension',
  'email',
  'notes',
]);

/** One field's change: `from` and `to` are the whole old and new values (`null` for empty). */
export interface FieldChange<F extends string = EmployeeField> {
  readonly field: F;
  readonly from: string | null;
  readonly to: string | null;
}
