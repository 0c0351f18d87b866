import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ServerImport } from '../../../application/monitoring/import/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { adminWrite } from '../admin-write.ts';
import { answerAccepted, requestLogger } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { UPLOAD_TYPES, readUpload } from '../upload-body.ts';
import { EDITORS } from './monitoring-schemas.ts';

export interface ImportRoutesDeps {
  readonly imports: ServerImport;
  /** The largest file accepted (the reader checks it again, with its other bounds): the employees' limit. */
  readonly uploadLimitBytes: number;
  readonly waitForMonitoring: (checkpoint: Checkpoint) => Promise<boolean>;
}

const Count = z.number().int();
const Problem = z.object({ field: z.string(), message: z.string() });
const ServerImportReport = z.object({
  importId: z.string().describe('Also the correlation id of every event the import appended'),
  dryRun: z.boolean(),
  sheet: z.object({ name: z.string(), headerRow: Count, columns: z.array(z.string()) }),
  counts: z.object({
    rows: Count,
    create: Count,
    change: Count,
    unchanged: Count,
    errors: Count,
    skipped: Count,
    groupsCreated: Count,
    absent: Count.describe('Servers no row names: left as they are, never removed'),
  }),
  rows: z
    .array(
      z.object({
        row: Count,
        name: z.string(),
        outcome: z.enum(['create', 'change', 'unchanged', 'error']),
        serverId: z.string().optional(),
        changes: z.array(z.string()).optional(),
        problems: z.array(Problem).optional(),
      }),
    )
    .describe('Every row that is not unchanged'),
  groupsCreated: z.array(
    z.object({ name: z.string(), groupId: z.string().optional(), rows: z.array(Count) }),
  ),
  skipped: z.array(z.object({ row: Count, reason: z.string() })),
  pushTokens: z
    .array(z.object({ row: Count, server: z.string(), checkId: z.string(), token: z.string() }))
    .describe('Tokens of the push checks the commit made: shown this once'),
  notes: z.array(z.string()),
  truncated: z.boolean(),
});

/** `/api/v1/monitoring/import`: servers and groups from a sheet, dry run first. */
export function importRoutes(deps: ImportRoutesDeps): ApiFeature {
  const imports = apiFeature('/monitoring', 'Monitoring');

  imports.post(
    '/import',
    {
      summary: 'Import servers and groups from a sheet (.xlsx, .xls, CSV): dry run by default',
      description:
        `The body is the file itself (Content-Type text/csv, ${UPLOAD_TYPES[0]} or ` +
        'application/octet-stream); the first sheet is read, one row per server, headers in Russian or ' +
        'English (Группа, Сервер, Хост, Родитель, Проверки, Интервал, Таймаут, Повторы, Напоминания). ' +
        'Rows are matched to servers by name; each is reported as create, change, unchanged or error (with ' +
        'its column). Groups the sheet names are created without an alert route. Servers no row names are ' +
        'left as they are. `?dryRun=false` commits; importing the same file again changes nothing.',
      access: EDITORS,
      idempotent: true,
      request: { query: z.strictObject({ dryRun: z.enum(['true', 'false']).default('true') }) },
      responses: {
        200: { description: 'The import report', schema: ServerImportReport },
        202: {
          description:
            'Written, but the monitoring views did not show it in time: the same report; `Location` lists ' +
            "the import's events in the audit log. Never a failure: do not import again.",
          schema: ServerImportReport,
        },
      },
    },
    async (ctx, { query }) => {
      const file = await readUpload(ctx, deps.uploadLimitBytes);
      const write = adminWrite(ctx, 'monitoring-import');
      // The route binds the key to the request but not to the file: the file's digest keeps a key sent
      // again with another file from taking that file's commands for the first one's.
      const digest = createHash('sha256').update(file).digest('hex').slice(0, 32);
      const { checkpoint, ...report } = await deps.imports.run({
        file,
        dryRun: query.dryRun === 'true',
        metadata: { ...write.metadata, source: 'import' },
        ...(write.idempotencyKey === undefined ? {} : { keyBase: `${write.idempotencyKey}:${digest}` }),
      });
      const reached =
        checkpoint === null ||
        (await deps.waitForMonitoring(checkpoint).catch((error: unknown) => {
          requestLogger(ctx)?.warn(
            { err: error, importId: report.importId },
            'import written, monitoring unread',
          );
          return false;
        }));
      if (reached) ctx.body = report;
      else answerAccepted(ctx, `/audit?correlationId=${encodeURIComponent(report.importId)}`, report);
    },
  );

  return imports.feature;
}
