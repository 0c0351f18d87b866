import type { Logger } from 'pino';
import { logForgetFollowUp } from './forget-follow-up-log.ts';
import type { Kysely } from 'kysely';
import {
  IMPORT_HEADERS_SETTING,
  makeDepartmentCommands,
  makeEmployeeCommands,
  makeEmployeeImport,
  makeForgetEmployee,
  makeWorkstationCommands,
  parseHeaderAliases,
} from '../../application/employees/index.ts';
import { makeEmployeeCustomerSubjects } from '../../application/otrs/index.ts';
import type { SettingsView } from '../../application/settings/index.ts';
import { type PersonalDataKeys, makeForgetPerson } from '../../application/personal-data/index.ts';
import { type Checkpoint, type EventStore, randomIds } from '../../application/ports/index.ts';
import {
  DEFAULT_IMPORT_LIMITS,
  makeSheetJsEmployeeSheetReader,
  makeSheetJsEmployeeSheetWriter,
} from '../../infrastructure/excel/index.ts';
import { otrsCustomerKeys } from '../../infrastructure/otrs/index.ts';
import type { MasterKey } from '../../infrastructure/personal-data/index.ts';
import { type ProjectionStore, employeesProjector, waitForProjection } from '../../projections/index.ts';
import {
  type EmployeesDatabase,
  employeeSearch,
  employeesQueries,
} from '../../projections/employees/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import {
  departmentsRoutes,
  employeesFileRoutes,
  employeesRoutes,
  workstationsRoutes,
} from '../http/employees/index.ts';

/** How long a write waits for the employees read model before it answers what the model shows then. */
const EMPLOYEES_READ_YOUR_WRITES_MS = 5_000;
/** An import of 100,000 rows takes a while to project; its answer waits longer, then answers anyway. */
const IMPORT_READ_YOUR_WRITES_MS = 60_000;

export interface EmployeeForgettingDeps {
  readonly eventStore: EventStore;
  readonly personalDataKeys: PersonalDataKeys;
  /** The personal data master key: the OTRS customer keys derive from it. */
  readonly masterKey: MasterKey;
  readonly logger: Logger;
}

/**
 * The forgetting of an employee, as the API and `tbot employees forget` run it. It forgets their OTRS
 * customer subjects (one per e-mail address) whether the OTRS feature is on or not: tickets recorded while it
 * was on stay in the log after it is turned off, and for anyone else it only leaves a tombstone, which keeps a
 * ticket of theirs from being recorded readable should the feature be turned on later.
 */
export function makeEmployeeForgetting(deps: EmployeeForgettingDeps) {
  const store = deps.eventStore;
  return makeForgetEmployee({
    store,
    employees: makeEmployeeCommands({ store, ids: randomIds }),
    forgetPerson: makeForgetPerson({ keys: deps.personalDataKeys }),
    relatedSubjects: makeEmployeeCustomerSubjects({ store, customerKeys: otrsCustomerKeys(deps.masterKey) }),
    onFollowUpFailed: logForgetFollowUp(deps.logger),
  });
}

export interface EmployeeImportDeps {
  readonly eventStore: EventStore;
  /** The live settings (the import's extra header names). */
  readonly settings: SettingsView;
}

/** The import of a workbook, as the API and `tbot import employees` run it. */
export function makeEmployeesImport(deps: EmployeeImportDeps) {
  return makeEmployeeImport({
    store: deps.eventStore,
    reader: makeSheetJsEmployeeSheetReader(),
    ids: randomIds,
    headerAliases: () => parseHeaderAliases(String(deps.settings.current()[IMPORT_HEADERS_SETTING] ?? '')),
  });
}

export interface EmployeesRuntimeDeps extends EmployeeForgettingDeps, EmployeeImportDeps {
  readonly db: Kysely<EmployeesDatabase>;
  readonly projectionStore: ProjectionStore;
}

/** The employees feature's routes: employees, departments, workstations, import and export. */
export function openEmployeesRoutes(deps: EmployeesRuntimeDeps): ApiFeature[] {
  const { db, eventStore: store } = deps;
  const queries = employeesQueries(db);
  const search = employeeSearch(db);
  const employees = makeEmployeeCommands({ store, ids: randomIds });
  const waitFor = (ms: number) => (checkpoint: Checkpoint) =>
    waitForProjection(deps.projectionStore, employeesProjector.name, checkpoint, ms);
  const waitForEmployees = waitFor(EMPLOYEES_READ_YOUR_WRITES_MS);
  return [
    // Before the employees' routes: `/employees/export` must not be taken for `/employees/:id`.
    employeesFileRoutes({
      imports: makeEmployeesImport(deps),
      writer: makeSheetJsEmployeeSheetWriter(),
      queries,
      uploadLimitBytes: DEFAULT_IMPORT_LIMITS.maxFileBytes,
      waitForEmployees: waitFor(IMPORT_READ_YOUR_WRITES_MS),
    }),
    employeesRoutes({
      employees,
      forgetEmployee: makeEmployeeForgetting(deps),
      search,
      waitForEmployees,
    }),
    departmentsRoutes({
      departments: makeDepartmentCommands({ store, ids: randomIds, members: queries }),
      queries,
      waitForEmployees,
    }),
    workstationsRoutes({
      workstations: makeWorkstationCommands({ store, ids: randomIds }),
      queries,
      waitForEmployees,
    }),
  ];
}
