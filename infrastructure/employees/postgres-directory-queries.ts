import type pg from 'pg';
import type { DepartmentMembers } from '../../application/employees/department-members.ts';
import type {
  DepartmentView,
  EmployeesQueries,
  WorkstationDetailView,
} from '../../application/employees/employees-queries.ts';

interface DepartmentRow {
  id: string;
  name: string;
  parent_id: string | null;
  /** The projection writes `active` for an open department (its search SQL reads that word). */
  status: 'active' | 'closed';
  active: string;
}

interface WorkstationRow {
  id: string;
  hostname: string;
  ip: string | null;
  inventory_number: string | null;
  employee_id: string | null;
  full_name: string | null;
  status: 'active' | 'retired';
}

const department = (row: DepartmentRow): DepartmentView => ({
  departmentId: row.id,
  name: row.name,
  parentId: row.parent_id,
  status: row.status === 'closed' ? 'closed' : 'open',
  activeEmployees: Number(row.active),
});

const workstation = (row: WorkstationRow): WorkstationDetailView => ({
  workstationId: row.id,
  hostname: row.hostname,
  ip: row.ip,
  inventoryNumber: row.inventory_number,
  employeeId: row.employee_id,
  employeeName: row.full_name,
  status: row.status,
});

const DEPARTMENTS = `select d.id, d.name, d.parent_id, d.status,
    (select count(*) from employees.employees e
     where e.department_id = d.id and e.status = 'active' and not e.forgotten) as active
  from employees.departments d`;

const WORKSTATIONS = `select w.id, w.hostname, w.ip, w.inventory_number, w.employee_id, e.full_name, w.status
  from employees.workstations w left join employees.employees e on e.id = w.employee_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** {@link EmployeesQueries} and {@link DepartmentMembers} over the employees read model. */
export function postgresDirectoryQueries(pool: pg.Pool): EmployeesQueries & DepartmentMembers {
  return {
    async listDepartments() {
      const { rows } = await pool.query<DepartmentRow>(`${DEPARTMENTS} order by d.name, d.id`);
      return rows.map(department);
    },

    async getDepartment(departmentId) {
      if (!UUID.test(departmentId)) return null;
      const { rows } = await pool.query<DepartmentRow>(`${DEPARTMENTS} where d.id = $1`, [departmentId]);
      return rows[0] ? department(rows[0]) : null;
    },

    async countActive(departmentId) {
      const { rows } = await pool.query<{ n: string }>(
        `select count(*) n from employees.employees
         where department_id = $1 and status = 'active' and not forgotten`,
        [departmentId],
      );
      return Number(rows[0]?.n ?? 0);
    },

    async listWorkstations(options) {
      const { rows } = await pool.query<WorkstationRow>(
        `${WORKSTATIONS}
         where ($1::text is null or w.hostname like $1 || '%') and ($2 or w.status = 'active')
         order by w.hostname, w.id limit $3 offset $4`,
        [
          options.hostnamePrefix?.replace(/[\\%_]/g, '\\$&') ?? null,
          options.includeRetired ?? false,
          options.limit,
          options.offset,
        ],
      );
      return rows.map(workstation);
    },

    async getWorkstation(workstationId) {
      if (!UUID.test(workstationId)) return null;
      const { rows } = await pool.query<WorkstationRow>(`${WORKSTATIONS} where w.id = $1`, [workstationId]);
      return rows[0] ? workstation(rows[0]) : null;
    },

    async exportEmployees() {
      const departments = await pool.query<{ name: string; parent: string | null }>(
        `select d.name, p.name as parent from employees.departments d
         left join employees.departments p on p.id = d.parent_id
         where d.status = 'open' order by d.name`,
      );
      // One row per employee; the first active workstation (by host name) fills the sheet's one column.
      const employees = await pool.query<{
        full_name: string;
        position: string | null;
        department_name: string | null;
        work_phone: string | null;
        mobile_phone: string | null;
        extension: string | null;
        email: string | null;
        room: string | null;
        notes: string | null;
        status: 'active' | 'dismissed';
        hostname: string | null;
        ip: string | null;
      }>(
        `select e.full_name, e.position, e.department_name, e.work_phone, e.mobile_phone, e.extension, e.email,
           e.room, e.notes, e.status, w.hostname, w.ip
         from employees.employees e
         left join lateral (
           select hostname, ip from employees.workstations
           where employee_id = e.id and status = 'active' order by hostname limit 1
         ) w on true
         where not e.forgotten
         order by e.department_name nulls first, e.name_text, e.id`,
      );
      return {
        departments: departments.rows.map((d) => ({ name: d.name, parent: d.parent })),
        rows: employees.rows.map((e) => ({
          fullName: e.full_name,
          position: e.position,
          department: e.department_name,
          workPhone: e.work_phone,
          mobilePhone: e.mobile_phone,
          extension: e.extension,
          email: e.email,
          room: e.room,
          workstation: e.hostname,
          ip: e.ip,
          notes: e.notes,
          dismissed: e.status === 'dismissed',
        })),
      };
    },
  };
}
