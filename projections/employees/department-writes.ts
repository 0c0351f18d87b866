import type { DepartmentEvent } from '../../domain/employees/index.ts';
import { assertNever } from '../../domain/shared/index.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';
import type { Recorded } from './employees-event.ts';
import { DEPARTMENTS, EMPLOYEES } from './employees-tables.ts';
import { addWordsOf, dropUnusedWordsOfText } from './search-words.ts';

type DepartmentCreated = Recorded<Extract<DepartmentEvent, { type: 'DepartmentCreated' }>>;

/** A run of created departments in one statement. */
export async function insertDepartments(
  events: readonly DepartmentCreated[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  await trx.query(
    `insert into ${tables.table(DEPARTMENTS)} (id, name, parent_id, status, created_at, updated_at)
     select id, name, parent_id, 'active', at, at
     from unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[]) as r(id, name, parent_id, at)`,
    [
      events.map((e) => e.data.departmentId),
      events.map((e) => e.data.name),
      events.map((e) => e.data.parentId),
      events.map((e) => e.at),
    ],
  );
}

export async function applyDepartmentEvent(
  event: Recorded<DepartmentEvent>,
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const departments = tables.table(DEPARTMENTS);
  switch (event.type) {
    case 'DepartmentCreated':
      return insertDepartments([event], trx, tables);
    case 'DepartmentRenamed': {
      const { departmentId, to } = event.data;
      await trx.query(`update ${departments} set name = $2, updated_at = $3 where id = $1`, [
        departmentId,
        to,
        event.at,
      ]);
      // Employees carry the name in their search text (a join per search costs more than a rare rename).
      await trx.query(`update ${tables.table(EMPLOYEES)} set department_name = $2 where department_id = $1`, [
        departmentId,
        to,
      ]);
      await addWordsOf(trx, tables, { departmentId });
      await dropUnusedWordsOfText(trx, tables, event.data.from);
      return;
    }
    case 'DepartmentMoved':
      await trx.query(`update ${departments} set parent_id = $2, updated_at = $3 where id = $1`, [
        event.data.departmentId,
        event.data.to,
        event.at,
      ]);
      return;
    case 'DepartmentClosed':
      await trx.query(`update ${departments} set status = 'closed', updated_at = $2 where id = $1`, [
        event.data.departmentId,
        event.at,
      ]);
      return;
    default:
      assertNever(event);
  }
}
