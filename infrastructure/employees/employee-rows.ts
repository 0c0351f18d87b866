import type { EmployeeCard, WorkstationView } from '../../application/employees/search/index.ts';

/** Columns of `employees.employees` a card shows, with the holder's active workstations as JSON. */
export interface EmployeeCardRow {
  id: string;
  full_name: string | null;
  position: string | null;
  department_id: string | null;
  department_name: string | null;
  work_phone: string | null;
  mobile_phone: string | null;
  extension: string | null;
  email: string | null;
  room: string | null;
  notes: string | null;
  status: 'active' | 'dismissed';
  forgotten: boolean;
  updated_at: Date;
  workstations: WorkstationView[] | null;
}

/** The select list of `EmployeeCardRow` over `employees.employees e`. */
export const CARD_COLUMNS = `e.id, e.full_name, e.position, e.department_id, e.department_name, e.work_phone,
  e.mobile_phone, e.extension, e.email, e.room, e.notes, e.status, e.forgotten, e.updated_at,
  (select json_agg(json_build_object('workstationId', w.id, 'hostname', w.hostname, 'ip', w.ip,
     'inventoryNumber', w.inventory_number) order by w.hostname)
   from employees.workstations w where w.employee_id = e.id and w.status = 'active') as workstations`;

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
