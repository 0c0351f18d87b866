import type { Selectable } from 'kysely';
import type { EmployeeCard, WorkstationView } from '../../application/employees/search/index.ts';
import { type EmployeesTable, WORKSTATIONS_TABLE } from './employees-tables.ts';

/** Columns of `employees.employees` a card shows, with the holder's active workstations as JSON. */
export type EmployeeCardRow = Pick<
  Selectable<EmployeesTable>,
  | 'id'
  | 'full_name'
  | 'position'
  | 'department_id'
  | 'department_name'
  | 'work_phone'
  | 'mobile_phone'
  | 'extension'
  | 'email'
  | 'room'
  | 'notes'
  | 'status'
  | 'forgotten'
  | 'updated_at'
> & { workstations: WorkstationView[] | null };

/** The select list of `EmployeeCardRow` over `employees.employees e`. */
export const CARD_COLUMNS = `e.id, e.full_name, e.position, e.department_id, e.department_name, e.work_phone,
  e.mobile_phone, e.extension, e.email, e.room, e.notes, e.status, e.forgotten, e.updated_at,
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
