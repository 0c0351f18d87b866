import type { Context } from 'koa';
import type { EmployeeImport } from '../../../../application/employees/index.ts';
import type { Checkpoint } from '../../../../application/ports/index.ts';
import { DomainError } from '../../../../domain/shared/index.ts';
import type { UserRole } from '../../../../domain/users/index.ts';
import { adminWrite } from '../../../http/admin-write.ts';
import { formFields } from '../../forms/index.ts';
import type { WebTextKey } from '../../i18n/index.ts';
import type { WebView } from '../../web-view.ts';
import { type WebFeature, webFeature } from '../../web-feature.ts';
import type { ImportDrafts } from './import-drafts.ts';
import { type ImportPageProps, ImportPage } from './import-page.tsx';
import { type UploadRefusal, readWorkbookUpload } from './workbook-upload.ts';

export interface ImportPagesDeps {
  readonly imports: EmployeeImport;
  /** The largest workbook accepted: the API's import limit (the reader checks it again, with its others). */
  readonly uploadLimitBytes: number;
  readonly drafts: ImportDrafts;
  readonly waitForEmployees: (checkpoint: Checkpoint) => Promise<boolean>;
}

/** As the API's `POST /employees/import`: admins only. */
const ADMINS: readonly UserRole[] = ['admin'];

const UPLOAD_REFUSALS: Readonly<Record<UploadRefusal, WebTextKey>> = {
  NOT_A_FORM: 'impNoFile',
  NO_FILE: 'impNoFile',
  FILE_TOO_LARGE: 'impTooLarge',
};

/** The import's own refusals of a file (the API answers them as problems), in the page's words. */
const IMPORT_REFUSALS: Readonly<Record<string, WebTextKey>> = {
  'IMPORT.FILE_TOO_LARGE': 'impTooLarge',
  'IMPORT.NOT_A_WORKBOOK': 'impNotWorkbook',
  'IMPORT.ENCRYPTED': 'impEncrypted',
  'IMPORT.ZIP_BOMB': 'impZipBomb',
  'IMPORT.TOO_MANY_ROWS': 'impTooManyRows',
  'IMPORT.TOO_MANY_COLUMNS': 'impTooManyColumns',
  'IMPORT.PARSE_TIMEOUT': 'impParseTimeout',
  'IMPORT.PARSE_FAILED': 'impNotWorkbook',
  'IMPORT.NO_HEADER': 'impNoHeader',
};

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** A refused page: 422 to a plain post; 200 to htmx, which swaps in only successful answers. */
function refused(ctx: Context, view: WebView, props: Omit<ImportPageProps, 'view'>) {
  ctx.status = view.htmx ? 200 : 422;
  return <ImportPage view={view} {...props} />;
}

/**
 * `/admin/import`: upload an employee workbook, see the dry run's diff (adds, changes, conflicts), then commit
 * it: the API's import (`makeEmployeeImport`) with its limits (size, rows, columns, zip bombs, parse time, in a
 * worker), under the admin's name; a refused file writes nothing and says why next to the file field.
 */
export function importPages(deps: ImportPagesDeps): WebFeature {
  const pages = webFeature([{ path: '/admin/import', label: 'navImport', roles: ADMINS }]);

  pages.get('/admin/import', ADMINS, (_ctx, view) => <ImportPage view={view} />);

  pages.post('/admin/import', ADMINS, async (ctx, view) => {
    const { t } = view;
    const upload = await readWorkbookUpload(ctx, 'file', deps.uploadLimitBytes);
    if (!upload.ok) {
      const text = t(UPLOAD_REFUSALS[upload.refusal], { mb: megabytes(deps.uploadLimitBytes) });
      return refused(ctx, view, { fileError: text });
    }
    const write = adminWrite(ctx, 'employees-import');
    try {
      const { checkpoint: _none, ...report } = await deps.imports.run({
        file: upload.file,
        dryRun: true,
        metadata: { ...write.metadata, source: 'import' },
      });
      const draftId = deps.drafts.put({
        file: upload.file,
        fileName: upload.fileName,
        userId: write.metadata.actor.id,
      });
      return <ImportPage view={view} report={report} draftId={draftId} fileName={upload.fileName} />;
    } catch (error) {
      const key = error instanceof DomainError ? IMPORT_REFUSALS[error.code] : undefined;
      if (!key) throw error;
      return refused(ctx, view, { fileError: t(key, { mb: megabytes(deps.uploadLimitBytes) }) });
    }
  });

  pages.post('/admin/import/commit', ADMINS, async (ctx, view) => {
    const { t } = view;
    const write = adminWrite(ctx, 'employees-import');
    const draft = deps.drafts.take(formFields(ctx)['draft'] ?? '', write.metadata.actor.id);
    if (!draft) return refused(ctx, view, { outcome: { kind: 'error', text: t('impDraftGone') } });
    const { checkpoint, ...report } = await deps.imports.run({
      file: draft.file,
      dryRun: false,
      metadata: { ...write.metadata, source: 'import' },
    });
    // Committed: the report is the answer; the directory shows it once the read model has it.
    const shown = checkpoint === null || (await deps.waitForEmployees(checkpoint).catch(() => false));
    const text = t(shown ? 'impCommitted' : 'impCommittedLater', {
      added: report.counts.new,
      changed: report.counts.changed,
    });
    return <ImportPage view={view} report={report} outcome={{ kind: 'ok', text }} />;
  });

  return pages.feature;
}
