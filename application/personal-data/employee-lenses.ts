import {
  type EmployeeDetails,
  type EmployeeDetailsChanged,
  type EmployeeEvent,
  type EmployeeRegistered,
  PERSONAL_FIELDS,
} from '../../domain/employees/index.ts';
import type { PersonalDataLens, PersonalDataLenses, PersonalValueMap } from './personal-data-lens.ts';

/** The subject id of an employee's personal data: the same as their stream's id. */
export function employeeSubject(employeeId: string): string {
  return `employee-${employeeId}`;
}

function mapValue(value: string | null, map: PersonalValueMap): string | null {
  return typeof value === 'string' ? map(value) : value;
}

const registered: PersonalDataLens<EmployeeRegistered> = {
  subjectOf: (data) => employeeSubject(data.employeeId),
  mapPersonal(data, map) {
    const details: Record<string, string | null> = { ...data.details };
    for (const field of PERSONAL_FIELDS) {
      if (field in details) details[field] = mapValue(details[field] ?? null, map);
    }
    // After forgetting, `fullName` is null although the type says string (see PersonalDataLens).
    return { ...data, details: details as unknown as EmployeeDetails };
  },
};

const detailsChanged: PersonalDataLens<EmployeeDetailsChanged> = {
  subjectOf: (data) => employeeSubject(data.employeeId),
  mapPersonal: (data, map) => ({
    ...data,
    changes: data.changes.map((change) =>
      PERSONAL_FIELDS.has(change.field)
        ? { ...change, from: mapValue(change.from, map), to: mapValue(change.to, map) }
        : change,
    ),
  }),
};

/** An employee event with no personal field: only its subject, so that its `reason` is protected too. */
function subjectOnly<E extends EmployeeEvent & { data: { employeeId: string } }>(): PersonalDataLens<E> {
  return { subjectOf: (data) => employeeSubject(data.employeeId), mapPersonal: (data) => data };
}

/**
 * The employee events' lenses. `EmployeeForgotten` holds nothing personal but its reason ("request 17 from
 * Ivanov"): it is written while the person's key still exists, encrypted with it, and the key goes after it
 * (see `makeForgetEmployee`), so that the reason is as unreadable as the rest.
 */
export const employeeLenses: PersonalDataLenses = {
  EmployeeRegistered: registered,
  EmployeeDetailsChanged: detailsChanged,
  EmployeeMoved: subjectOnly(),
  EmployeeDismissed: subjectOnly(),
  EmployeeRestored: subjectOnly(),
  EmployeeForgotten: subjectOnly(),
};
