import {
  DEPARTMENT_EVENT_TYPES,
  type DepartmentEvent,
  type EmployeeEvent,
  EMPLOYEE_EVENT_TYPES,
  WORKSTATION_EVENT_TYPES,
} from '../../domain/employees/index.ts';
import type { Projector } from '../../application/ports/projector.ts';
import { applyDepartmentEvent, insertDepartments } from './department-writes.ts';
import { type Recorded, asEmployeesEvent, runsOfSameType } from './employees-event.ts';
import { applyEmployeeEvent, insertEmployees } from './employee-writes.ts';
import {
  DEPARTMENTS,
  EMPLOYEES,
  EMPLOYEES_SCHEMA,
  WORKSTATIONS,
  WORDS,
  createEmployeesIndexes,
  createEmployeesTables,
} from './employees-tables.ts';
import { refreshEmployeesTables } from './employees-upkeep.ts';
import { applyWorkstationEvent, insertWorkstations } from './workstation-writes.ts';
import type { ProjectionTables, ProjectionTransaction } from '../../application/ports/projector.ts';

const departmentTypes = new Set<string>(DEPARTMENT_EVENT_TYPES);
const employeeTypes = new Set<string>(EMPLOYEE_EVENT_TYPES);
const isDepartmentEvent = (e: Recorded): e is Recorded<DepartmentEvent> => departmentTypes.has(e.type);
const isEmployeeEvent = (e: Recorded): e is Recorded<EmployeeEvent> => employeeTypes.has(e.type);

async function applyRun(
  run: readonly Recorded[],
  trx: ProjectionTransaction,
  tables: ProjectionTables,
): Promise<void> {
  const first = run[0];
  if (!first) return;
  // Registrations come by the thousand (an import): one multi-row insert per run. Changes are rare and
  // may touch one row twice in a batch: one statement each, in order.
  if (run.length > 1) {
    // A run holds one type only (`runsOfSameType`).
    if (first.type === 'DepartmentCreated') return insertDepartments(run as (typeof first)[], trx, tables);
    if (first.type === 'EmployeeRegistered') return insertEmployees(run as (typeof first)[], trx, tables);
    if (first.type === 'WorkstationRegistered')
      return insertWorkstations(run as (typeof first)[], trx, tables);
  }
  for (const event of run) {
    if (isDepartmentEvent(event)) await applyDepartmentEvent(event, trx, tables);
    else if (isEmployeeEvent(event)) await applyEmployeeEvent(event, trx, tables);
    else await applyWorkstationEvent(event, trx, tables);
  }
}

/**
 * `employees.departments`, `employees.employees`, `employees.workstations`: the employees the bot and the
 * admin search. Employees carry generated search columns (folded text, phone digits) indexed with pg_trgm.
 */
export const employeesProjector: Projector = {
  name: 'employees',
  version: 1,
  schema: EMPLOYEES_SCHEMA,
  tables: [DEPARTMENTS, EMPLOYEES, WORKSTATIONS, WORDS],
  eventTypes: [...DEPARTMENT_EVENT_TYPES, ...EMPLOYEE_EVENT_TYPES, ...WORKSTATION_EVENT_TYPES],
  createTables: createEmployeesTables,
  // A rebuild calls it once loaded, before the switch: the statistics gathered then go live with the tables.
  async createIndexes(trx, tables) {
    await createEmployeesIndexes(trx, tables);
    await refreshEmployeesTables(trx, tables);
  },
  // After an import projected live: searches are slow until the planner has statistics (employees-upkeep.ts).
  afterCatchUp: refreshEmployeesTables,

  async apply(events, trx, tables) {
    for (const run of runsOfSameType(events.map(asEmployeesEvent))) await applyRun(run, trx, tables);
  },
};
