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
import type { SettingsView } from '../../application/settings/index.ts';
import { type PersonalDataKeys, makeForgetPerson } from '../../application/personal-data/index.ts';
import { type Checkpoint, type EventStore, randomIds } from '../../application/ports/index.ts';
import {
  DEFAULT_IMPORT_LIMITS,
  makeSheetJsEmployeeSheetReader,
  makeSheetJsEmployeeSheetWriter,
} from '../../infrastructure/excel/index.ts';
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

/** How long a write waits for the directory read model before it answers what the model shows then. */
const DIRECTORY_READ_YOUR_WRITES_MS = 5_000;
/** An import of 100,000 rows takes a while to project; its answer waits longer, then answers anyway. */
const IMPORT_READ_YOUR_WRITES_MS = 60_000;

export interface DirectoryRuntimeDeps {
  readonly db: Kysely<EmployeesDatabase>;
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly personalDataKeys: PersonalDataKeys;
  /** The live settings (the import's extra header names). */
  readonly settings: SettingsView;
  readonly logger: Logger;
}

/** The employee directory's routes: employees, departments, workstations, import and export. */
export function openDirectoryRoutes(deps: DirectoryRuntimeDeps): ApiFeature[] {
  const { db, eventStore: store } = deps;
  const queries = employeesQueries(db);
  const search = employeeSearch(db);
  const employees = makeEmployeeCommands({ store, ids: randomIds });
  const waitFor = (ms: number) => (checkpoint: Checkpoint) =>
    waitForProjection(deps.projectionStore, employeesProjector.name, checkpoint, ms);
  const waitForEmployees = waitFor(DIRECTORY_READ_YOUR_WRITES_MS);
  return [
    // Before the employees' routes: `/employees/export` must not be taken for `/employees/:id`.
    employeesFileRoutes({
      imports: makeEmployeeImport({
        store,
        reader: makeSheetJsEmployeeSheetReader(),
        ids: randomIds,
        headerAliases: () =>
          parseHeaderAliases(String(deps.settings.current()[IMPORT_HEADERS_SETTING] ?? '')),
      }),
      writer: makeSheetJsEmployeeSheetWriter(),
      queries,
      uploadLimitBytes: DEFAULT_IMPORT_LIMITS.maxFileBytes,
      waitForEmployees: waitFor(IMPORT_READ_YOUR_WRITES_MS),
    }),
    employeesRoutes({
      employees,
      forgetEmployee: makeForgetEmployee({
        store,
        employees,
        forgetPerson: makeForgetPerson({ keys: deps.personalDataKeys }),
        onFollowUpFailed: logForgetFollowUp(deps.logger),
      }),
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
