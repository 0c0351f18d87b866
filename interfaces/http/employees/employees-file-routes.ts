import { z } from 'zod';
import type {
  EmployeesQueries,
  EmployeeImport,
  EmployeeSheetWriter,
} from '../../../application/employees/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { adminWrite } from '../admin-write.ts';
import { answerAccepted, requestLogger } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { UPLOAD_TYPES, readUpload } from '../upload-body.ts';
import { ADMINS, EDITORS } from './employees-schemas.ts';

export interface EmployeesFileRoutesDeps {
  readonly imports: EmployeeImport;
  readonly writer: EmployeeSheetWriter;
  readonly queries: EmployeesQueries;
  /** The largest workbook accepted (the reader checks it again, with its other bounds). */
  readonly uploadLimitBytes: number;
  readonly waitForEmployees: (checkpoint: Checkpoint) => Promise<boolean>;
}

const XLSX = UPLOAD_TYPES[0];

const Count = z.number().int();
const ImportReport = z.object({
  importId: z.string().describe('Also the correlation id of every event the import appended'),
  dryRun: z.boolean(),
  sheet: z.object({ name: z.string(), headerRow: Count, columns: z.array(z.string()) }),
  counts: z.object({
    rows: Count,
    new: Count,
    changed: Count,
    unchanged: Count,
    ambiguous: Count,
    errors: Count,
    missing: Count,
    skipped: Count,
    departmentsCreated: Count,
    events: Count,
  }),
  rows: z.array(z.record(z.string(), z.unknown())).describe('Every row that is not unchanged'),
  issues: z.array(z.record(z.string(), z.unknown())),
  missing: z.array(z.record(z.string(), z.unknown())),
  skipped: z.array(z.record(z.string(), z.unknown())),
  departmentsCreated: z.array(z.string()),
  namesakes: z.array(z.object({ fullName: z.string(), rows: z.array(Count) })),
  warnings: z.array(z.object({ row: Count, message: z.string() })),
  truncated: z.boolean(),
});

/** `/api/v1/employees/import` and `/export`: the employees to and from the Excel sheet the company keeps. */
export function employeesFileRoutes(deps: EmployeesFileRoutesDeps): ApiFeature {
  const files = apiFeature('/employees', 'Employees');

  files.post(
    '/import',
    {
      summary: 'Import an employee workbook (.xlsx, .xls): dry run by default',
      description:
        `The body is the file itself (Content-Type ${XLSX}). Headers are recognised in Russian and English. ` +
        'Rows are matched to employees by e-mail, else by name with department and a phone; a row that could ' +
        'be several people is reported, never guessed. `?dryRun=false` writes the real changes, under one ' +
        'correlation id; importing the same file again writes nothing.',
      access: ADMINS,
      request: { query: z.strictObject({ dryRun: z.enum(['true', 'false']).default('true') }) },
      responses: {
        200: { description: 'The import report', schema: ImportReport },
        202: {
          description:
            'Written, but the directory did not show it within 60 s: the same report; `Location` lists the ' +
            "import's events in the audit log. Never a failure: do not import again.",
          schema: ImportReport,
        },
      },
    },
    async (ctx, { query }) => {
      const file = await readUpload(ctx, deps.uploadLimitBytes);
      const write = adminWrite(ctx, 'employees-import');
      const { checkpoint, ...report } = await deps.imports.run({
        file,
        dryRun: query.dryRun === 'true',
        metadata: { ...write.metadata, source: 'import' },
      });
      // The report is the import's own result: once written, it is the answer, shown or not by the read model yet.
      const reached =
        checkpoint === null ||
        (await deps.waitForEmployees(checkpoint).catch((error: unknown) => {
          requestLogger(ctx)?.warn(
            { err: error, importId: report.importId },
            'import written, directory unread',
          );
          return false;
        }));
      if (reached) ctx.body = report;
      else answerAccepted(ctx, `/audit?correlationId=${encodeURIComponent(report.importId)}`, report);
    },
  );

  files.get(
    '/export',
    {
      summary: 'The directory as an .xlsx workbook, with the columns the import reads',
      description:
        'Every employee not forgotten (dismissed ones marked), and the departments on a second sheet.',
      access: EDITORS,
      responses: { 200: { description: 'The workbook', contentType: XLSX } },
    },
    async (ctx) => {
      const { rows, departments } = await deps.queries.exportEmployees();
      const stamp = new Date().toISOString().slice(0, 10);
      ctx.set('Content-Disposition', `attachment; filename="employees-${stamp}.xlsx"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.type = XLSX;
      ctx.body = await deps.writer.write(rows, departments);
    },
  );

  return files.feature;
}
