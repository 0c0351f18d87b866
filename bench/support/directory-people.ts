/**
 * The people of the employees read model as a quality bench needs them: what a helpdesk agent could know of a
 * person and type, read back from the rows the search itself searches (so a query is derived from what was
 * imported, after the import's own cleaning of phones and extensions).
 */
import type pg from 'pg';

export interface DirectoryPerson {
  readonly id: string;
  readonly fullName: string;
  readonly surname: string;
  readonly firstName: string;
  readonly patronymic: string;
  readonly department: string | null;
  /** The digits of the work and the mobile phone, as stored. */
  readonly phones: readonly string[];
  readonly extension: string | null;
  readonly email: string | null;
  readonly hostnames: readonly string[];
  readonly active: boolean;
}

interface PersonRow {
  id: string;
  full_name: string | null;
  department_name: string | null;
  work_phone: string | null;
  mobile_phone: string | null;
  extension: string | null;
  email: string | null;
  status: string;
  hostnames: string[];
}

/** Every employee that has a full name of three words (the bench's own people all have). */
export async function readDirectoryPeople(pool: pg.Pool): Promise<DirectoryPerson[]> {
  const { rows } = await pool.query<PersonRow>(
    `select e.id, e.full_name, e.department_name, e.work_phone, e.mobile_phone, e.extension, e.email, e.status,
            coalesce(array_agg(w.hostname order by w.hostname) filter (where w.hostname is not null), '{}')
              as hostnames
       from employees.employees e
       left join employees.workstations w on w.employee_id = e.id and w.status = 'active'
      where not e.forgotten
      group by e.id
      order by e.id`,
  );
  const people: DirectoryPerson[] = [];
  for (const row of rows) {
    const [surname, firstName, patronymic, ...rest] = (row.full_name ?? '').split(' ');
    if (surname === undefined || firstName === undefined || patronymic === undefined || rest.length > 0)
      continue;
    people.push({
      id: row.id,
      fullName: row.full_name ?? '',
      surname,
      firstName,
      patronymic,
      department: row.department_name,
      phones: [row.work_phone, row.mobile_phone]
        .filter((phone): phone is string => phone !== null)
        .map((phone) => phone.replace(/\D/g, '')),
      extension: row.extension,
      email: row.email,
      hostnames: row.hostnames,
      active: row.status === 'active',
    });
  }
  return people;
}
