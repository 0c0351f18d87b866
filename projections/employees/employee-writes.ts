import { type EmployeeEvent, type EmployeeField, PERSONAL_FIELDS } from '../../domain/employees/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { Recorded } from './employees-event.ts';
import { DEPARTMENTS, EMPLOYEES, type EmployeesTable } from './employees-tables.ts';
import { addWordsOf, dropUnusedWords, searchWordsOf } from './search-words.ts';

type EmployeeRegistered = Recorded<Extract<EmployeeEvent, { type: 'EmployeeRegistered' }>>;

const COLUMN: Readonly<Record<EmployeeField, keyof EmployeesTable>> = {
  fullName: 'full_name',
  position: 'position',
  workPhone: 'work_phone',
  mobilePhone: 'mobile_phone',
  extension: 'extension',
  email: 'email',
  room: 'room',
  notes: 'notes',
};

const PERSONAL_COLUMNS = [...PERSONAL_FIELDS].map((field) => COLUMN[field]);

/**
 * A run of registrations in one statement (an import registers thousands at once). Personal fields of a
 * forgotten employee arrive as `null` on a rebuild, whatever their type says: every column here is nullable.
 */
export async function insertEmployees(
  events: readonly EmployeeRegistered[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const detail = (field: EmployeeField) => events.map((e) => e.data.details?.[field] ?? null);
  await trx.query(
    `insert into ${tables.table(EMPLOYEES)} (id, department_id, department_name, full_name, position,
       work_phone, mobile_phone, extension, email, room, notes, status, created_at, updated_at)
     select r.id, r.department_id, d.name, r.full_name, r.position, r.work_phone, r.mobile_phone, r.extension,
       r.email, r.room, r.notes, 'active', r.at, r.at
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::text[], $11::timestamptz[])
       as r(id, department_id, full_name, position, work_phone, mobile_phone, extension, email, room, notes, at)
     left join ${tables.table(DEPARTMENTS)} d on d.id = r.department_id`,
    [
      events.map((e) => e.data.employeeId),
      events.map((e) => e.data.departmentId),
      detail('fullName'),
      detail('position'),
      detail('workPhone'),
      detail('mobilePhone'),
      detail('extension'),
      detail('email'),
      detail('room'),
      detail('notes'),
      events.map((e) => e.at),
    ],
  );
  await addWordsOf(trx, tables, { ids: events.map((e) => e.data.employeeId) });
}

/** Runs `change` on one employee and brings the lexicon up to date with the words it adds and drops. */
async function changingWords(
  employeeId: string,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
  change: () => Promise<unknown>,
): Promise<void> {
  const before = await searchWordsOf(trx, tables, 'e.id = $1', employeeId);
  await change();
  await addWordsOf(trx, tables, { ids: [employeeId] });
  await dropUnusedWords(trx, tables, before);
}

export async function applyEmployeeEvent(
  event: Recorded<EmployeeEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const employees = tables.table(EMPLOYEES);
  switch (event.type) {
    case 'EmployeeRegistered':
      return insertEmployees([event], trx, tables);
    case 'EmployeeDetailsChanged': {
      const params: unknown[] = [event.data.employeeId, event.at];
      const sets = event.data.changes.map(({ field, to }) => {
        params.push(to ?? null);
        const column = COLUMN[field];
        // A forgotten person's data never comes back into the read model.
        return PERSONAL_FIELDS.has(field)
          ? `${column} = case when forgotten then null else $${params.length}::text end`
          : `${column} = $${params.length}::text`;
      });
      await changingWords(event.data.employeeId, trx, tables, () =>
        trx.query(`update ${employees} set ${[...sets, 'updated_at = $2'].join(', ')} where id = $1`, params),
      );
      return;
    }
    case 'EmployeeMoved':
      await changingWords(event.data.employeeId, trx, tables, () =>
        trx.query(
          `update ${employees} set department_id = $2, updated_at = $3,
             department_name = (select name from ${tables.table(DEPARTMENTS)} where id = $2)
           where id = $1`,
          [event.data.employeeId, event.data.to, event.at],
        ),
      );
      return;
    case 'EmployeeDismissed':
    case 'EmployeeRestored':
      await trx.query(`update ${employees} set status = $2, updated_at = $3 where id = $1`, [
        event.data.employeeId,
        event.type === 'EmployeeDismissed' ? 'dismissed' : 'active',
        event.at,
      ]);
      return;
    case 'EmployeeForgotten':
      // The generated search columns are recomputed from the scrubbed row: no trace of the person remains.
      await changingWords(event.data.employeeId, trx, tables, () =>
        trx.query(
          `update ${employees} set ${PERSONAL_COLUMNS.map((c) => `${c} = null`).join(', ')},
             forgotten = true, updated_at = $2
           where id = $1`,
          [event.data.employeeId, event.at],
        ),
      );
      return;
    default:
      assertNever(event);
  }
}
