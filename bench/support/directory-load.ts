/**
 * A directory loaded the way production loads one, for benches that measure what is searched rather than how
 * fast it is loaded: a workbook written by the SheetJS writer, imported through `makeEmployeeImport` into the
 * PostgreSQL event store behind `withPersonalDataProtection`, then the employees read model rebuilt from the
 * log (tables, indexes and statistics, as a rebuild leaves them).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { EmployeeSheetRecord, SheetDepartment } from '../../application/employees/employee-sheet.ts';
import { type ImportResult, makeEmployeeImport } from '../../application/employees/import/index.ts';
import { randomIds } from '../../application/ports/index.ts';
import { withPersonalDataProtection } from '../../application/personal-data/index.ts';
import {
  DEFAULT_IMPORT_LIMITS,
  makeSheetJsEmployeeSheetReader,
  makeSheetJsEmployeeSheetWriter,
} from '../../infrastructure/excel/index.ts';
import { createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../../infrastructure/personal-data/index.ts';
import { createPostgresProjectionStore } from '../../infrastructure/projections/index.ts';
import { employeesProjector, rebuildProjection } from '../../projections/index.ts';

export interface LoadedDirectory {
  readonly import: ImportResult;
  readonly workbookBytes: number;
  readonly employees: number;
}

/** Writes `rows` as an .xlsx, imports it and rebuilds the employees read model; throws unless all rows are new. */
export async function loadDirectory(
  pool: pg.Pool,
  url: string,
  rows: readonly EmployeeSheetRecord[],
  departments: readonly SheetDepartment[],
  signal?: AbortSignal,
): Promise<LoadedDirectory> {
  const file = await makeSheetJsEmployeeSheetWriter().write(rows, departments);
  if (file.byteLength > DEFAULT_IMPORT_LIMITS.maxFileBytes) {
    throw new Error(`the workbook is ${file.byteLength} bytes, over the upload limit`);
  }
  const raw = createPostgresEventStore({ pool, url });
  try {
    const keys = createPostgresPersonalDataKeys({ pool, masterKey: masterKeyOf(randomBytes(32)) });
    const store = withPersonalDataProtection(raw, { keys });
    const imports = makeEmployeeImport({ store, reader: makeSheetJsEmployeeSheetReader(), ids: randomIds });
    const importId = randomUUID();
    const result = await imports.run({
      file,
      dryRun: false,
      metadata: {
        actor: { kind: 'import', id: 'bench', name: 'Search quality bench' },
        correlationId: importId,
        causationId: importId,
        source: 'import',
        occurredAt: new Date().toISOString(),
      },
    });
    if (result.counts.new !== rows.length) {
      throw new Error(
        `the import registered ${result.counts.new} of ${rows.length} rows ` +
          `(${result.counts.ambiguous} ambiguous, ${result.counts.errors} errors)`,
      );
    }
    await rebuildProjection({
      projector: employeesProjector,
      eventStore: store,
      projectionStore: createPostgresProjectionStore(pool),
      ...(signal ? { signal } : {}),
    });
    const { rows: counted } = await pool.query<{ count: string }>('select count(*) from employees.employees');
    return {
      import: result,
      workbookBytes: file.byteLength,
      employees: Number(counted[0]?.count ?? 0),
    };
  } finally {
    await raw.close().catch(() => undefined);
  }
}
