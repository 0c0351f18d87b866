import type { Selectable } from 'kysely';
import type { EmployeeCard, WorkstationView } from '../../application/employees/search/index.ts';
import { type EmployeesTable, WORKSTATIONS_TABLE } from './employees-tables.ts';

/** Columns of `employees.employees` a card shows. */
const CARD_FIELDS = [
  'id',
  'full_name',
  'position',
  'department_id',
  'department_name',
  'work_phone',
  'mobile_phone',
  'extension',
  'email',
  'room',
  'notes',
  'status',
  'forgotten',
  'updated_at',
] as const satisfies readonly (keyof EmployeesTable)[];

/** A card's row: its columns, with the holder's active workstations as JSON. */
export type EmployeeCardRow = Pick<Selectable<EmployeesTable>, (typeof CARD_FIELDS)[number]> & {
  workstations: WorkstationView[] | null;
};

/** The select list of `EmployeeCardRow` over `employees.employees e`. */
export const CARD_COLUMNS = `${CARD_FIELDS.map((field) => `e.${field}`).join(', ')},
  (select json_agg(json_build_object('workstationId', w.id, 'hostname', w.hostname, 'ip', w.ip,
     'inventoryNumber', w.inventory_number) order by w.hostname)
   from ${WORKSTATIONS_TABLE} w where w.employee_id = e.id and w.status = 'active') as workstations`;

export const card = (row: EmployeeCardRow): EmployeeCard => ({
  employeeId: row.id,
  fullName: row.full_name,
  position: row.position,
  departmentId: row.department_id,
  departmentName: row.department_name,
  workPhone: row.work_phone,
  mobilePhone: row.mobile_phone,
  extension: row.extension,
  email: row.email,
  room: row.room,
  notes: row.notes,
  status: row.status,
  forgotten: row.forgotten,
  updatedAt: row.updated_at.toISOString(),
  workstations: row.workstations ?? [],
});
