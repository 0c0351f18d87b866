import { type ExpressionBuilder, type Kysely, type NotNull, type Selectable } from 'kysely';
import type { DepartmentMembers } from '../../application/employees/department-members.ts';
import type {
  DepartmentView,
  EmployeesQueries,
  WorkstationDetailView,
} from '../../application/employees/employees-queries.ts';
import {
  type DepartmentsTable,
  type EmployeesDatabase,
  type EmployeesTable,
  type WorkstationsTable,
} from './employees-tables.ts';

type DepartmentRow = Pick<Selectable<DepartmentsTable>, 'id' | 'name' | 'parent_id' | 'status'> & {
  active: string | null;
};

type WorkstationRow = Pick<
  Selectable<WorkstationsTable>,
  'id' | 'hostname' | 'ip' | 'inventory_number' | 'employee_id' | 'status'
> &
  Pick<Selectable<EmployeesTable>, 'full_name'>;

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

/** Active people not forgotten (`employees.employees as e`), the ones a department counts. */
const activeMembers = (eb: ExpressionBuilder<{ e: EmployeesTable }, 'e'>) =>
  eb.and([eb('e.status', '=', 'active'), eb.not(eb.ref('e.forgotten'))]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** {@link EmployeesQueries} and {@link DepartmentMembers} over the employees read model. */
export function employeesQueries(db: Kysely<EmployeesDatabase>): EmployeesQueries & DepartmentMembers {
  const departments = () =>
    db
      .selectFrom('employees.departments as d')
      .select(['d.id', 'd.name', 'd.parent_id', 'd.status'])
      .select((eb) =>
        eb
          .selectFrom('employees.employees as e')
          .select((count) => count.fn.countAll<string>().as('n'))
          .whereRef('e.department_id', '=', 'd.id')
          .where(activeMembers)
          .as('active'),
      );

  const workstations = () =>
    db
      .selectFrom('employees.workstations as w')
      .leftJoin('employees.employees as e', 'e.id', 'w.employee_id')
      .select([
        'w.id',
        'w.hostname',
        'w.ip',
        'w.inventory_number',
        'w.employee_id',
        'e.full_name',
        'w.status',
      ]);

  return {
    async listDepartments() {
      const rows = await departments().orderBy('d.name').orderBy('d.id').execute();
      return rows.map(department);
    },

    async getDepartment(departmentId) {
      if (!UUID.test(departmentId)) return null;
      const row = await departments().where('d.id', '=', departmentId).executeTakeFirst();
      return row ? department(row) : null;
    },

    async countActive(departmentId) {
      const row = await db
        .selectFrom('employees.employees as e')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('e.department_id', '=', departmentId)
        .where(activeMembers)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async listWorkstations(options) {
      let query = workstations();
      if (options.hostnamePrefix !== undefined)
        query = query.where('w.hostname', 'like', `${options.hostnamePrefix.replace(/[\\%_]/g, '\\$&')}%`);
      if (!(options.includeRetired ?? false)) query = query.where('w.status', '=', 'active');
      const rows = await query
        .orderBy('w.hostname')
        .orderBy('w.id')
        .limit(options.limit)
        .offset(options.offset)
        .execute();
      return rows.map(workstation);
    },

    async getWorkstation(workstationId) {
      if (!UUID.test(workstationId)) return null;
      const row = await workstations().where('w.id', '=', workstationId).executeTakeFirst();
      return row ? workstation(row) : null;
    },

    async exportEmployees() {
      // Open departments, as the projection writes them (`active`): the export's departments sheet.
      const openDepartments = await db
        .selectFrom('employees.departments as d')
        .leftJoin('employees.departments as p', 'p.id', 'd.parent_id')
        .select(['d.name as name', 'p.name as parent'])
        .where('d.status', '=', 'active')
        .orderBy('d.name')
        .execute();
      // One row per employee; the first active workstation (by host name) fills the sheet's one column.
      const employees = await db
        .selectFrom('employees.employees as e')
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('employees.workstations')
              .select(['hostname', 'ip'])
              .whereRef('employee_id', '=', 'e.id')
              .where('status', '=', 'active')
              .orderBy('hostname')
              .limit(1)
              .as('w'),
          (join) => join.onTrue(),
        )
        .select([
          'e.full_name',
          'e.position',
          'e.department_name',
          'e.work_phone',
          'e.mobile_phone',
          'e.extension',
          'e.email',
          'e.room',
          'e.notes',
          'e.status',
          'w.hostname',
          'w.ip',
        ])
        .where((eb) => eb.not(eb.ref('e.forgotten')))
        .orderBy('e.department_name', (order) => order.asc().nullsFirst())
        .orderBy('e.name_text')
        .orderBy('e.id')
        // Only a forgotten person has no name (registration requires one).
        .$narrowType<{ full_name: NotNull }>()
        .execute();
      return {
        departments: openDepartments.map((d) => ({ name: d.name, parent: d.parent })),
        rows: employees.map((e) => ({
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
