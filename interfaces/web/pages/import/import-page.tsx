import type { ImportReport, ImportRowResult } from '../../../../application/employees/index.ts';
import { CsrfField } from '../../components/csrf-field.tsx';
import { Outcome } from '../../components/outcome.tsx';
import { PostForm } from '../../components/post-form.tsx';
import type { SafeHtml } from '../../jsx/jsx-runtime.ts';
import { PageLayout } from '../../layout/page-layout.tsx';
import type { WebView } from '../../web-view.ts';

export interface ImportPageProps {
  readonly view: WebView;
  /** Why the upload was refused, next to the file field. */
  readonly fileError?: string | undefined;
  readonly outcome?: { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;
  /** A dry run's report and the draft that commits it; or a committed import's report. */
  readonly report?: ImportReport | undefined;
  readonly draftId?: string | undefined;
  readonly fileName?: string | undefined;
}

function UploadForm({ view, fileError }: { view: WebView; fileError: string | undefined }) {
  const { t } = view;
  // Multipart: the CSRF token travels as the header htmx adds (hx-headers on <body>) and as the form field.
  return (
    <form
      method="post"
      action="/admin/import"
      enctype="multipart/form-data"
      hx-post="/admin/import"
      hx-encoding="multipart/form-data"
      hx-target="main"
      hx-select="main"
      hx-swap="outerHTML"
      novalidate
    >
      <CsrfField view={view} />
      <label for="field-file">
        {t('impFile')}
        <input
          id="field-file"
          name="file"
          type="file"
          accept=".xlsx,.xls,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel"
          required
          aria-invalid={fileError ? 'true' : undefined}
          aria-describedby={fileError ? 'field-file-error field-file-hint' : 'field-file-hint'}
        />
        <small id="field-file-hint">{t('impFileHint')}</small>
        {fileError ? (
          <small id="field-file-error" class="field-error">
            {fileError}
          </small>
        ) : null}
      </label>
      <button type="submit">{t('impDryRun')}</button>
      <span class="htmx-indicator" aria-hidden="true">
        {' '}
        {t('impReading')}
      </span>
    </form>
  );
}

function RowsTable(props: {
  view: WebView;
  rows: readonly ImportRowResult[];
  caption: string;
  detail: (row: ImportRowResult) => string;
}) {
  const { view, rows } = props;
  const { t } = view;
  if (rows.length === 0) return <p class="muted">{t('nothingHere')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('impRow')}</th>
            <th scope="col">{t('impPerson')}</th>
            <th scope="col">{t('impDetail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr data-row={String(row.row)}>
              <td>{String(row.row)}</td>
              <td>{row.fullName}</td>
              <td>{props.detail(row)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Diff({ view, report }: { view: WebView; report: ImportReport }) {
  const { t } = view;
  const { counts } = report;
  const adds = report.rows.filter((row) => row.outcome === 'new');
  const changes = report.rows.filter((row) => row.outcome === 'changed');
  const conflicts = report.rows.filter((row) => row.outcome === 'ambiguous' || row.outcome === 'error');
  const changed = (row: ImportRowResult) => (row.changes ?? []).join(', ');
  const conflict = (row: ImportRowResult) =>
    [row.message ?? '', ...(row.candidates ?? []).map((c) => `${c.fullName} (${c.department ?? '—'})`)]
      .filter((part) => part !== '')
      .join('; ');
  return (
    <>
      <p id="import-counts">
        {t('impCounts', {
          rows: counts.rows,
          added: counts.new,
          changed: counts.changed,
          unchanged: counts.unchanged,
          conflicts: counts.ambiguous + counts.errors,
          skipped: counts.skipped,
        })}
      </p>
      {report.truncated ? <p class="muted">{t('impTruncated')}</p> : null}
      <section aria-labelledby="adds-heading">
        <h2 id="adds-heading">{t('impAdds', { count: counts.new })}</h2>
        <RowsTable view={view} rows={adds} caption={t('impAdds', { count: counts.new })} detail={changed} />
      </section>
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">{t('impChanges', { count: counts.changed })}</h2>
        <RowsTable
          view={view}
          rows={changes}
          caption={t('impChanges', { count: counts.changed })}
          detail={changed}
        />
      </section>
      <section aria-labelledby="conflicts-heading">
        <h2 id="conflicts-heading">{t('impConflicts', { count: counts.ambiguous + counts.errors })}</h2>
        <RowsTable
          view={view}
          rows={conflicts}
          caption={t('impConflicts', { count: counts.ambiguous + counts.errors })}
          detail={conflict}
        />
      </section>
    </>
  );
}

/** The Excel import: upload, the dry run's diff (adds, changes, conflicts), then commit. */
export function ImportPage(props: ImportPageProps): SafeHtml {
  const { view, report } = props;
  const { t } = view;
  return (
    <PageLayout view={view} title={t('impTitle')}>
      {props.outcome ? <Outcome kind={props.outcome.kind} text={props.outcome.text} /> : null}
      {report && report.dryRun && props.draftId ? (
        <>
          <p>{t('impDryRunOf', { file: props.fileName ?? '' })}</p>
          <Diff view={view} report={report} />
          <PostForm view={view} action="/admin/import/commit">
            <input type="hidden" name="draft" value={props.draftId} />
            <button type="submit">{t('impCommit')}</button> <a href="/admin/import">{t('impCancel')}</a>
          </PostForm>
        </>
      ) : (
        <>
          {report ? (
            <>
              <p>
                <a href={`/admin/audit?correlationId=${encodeURIComponent(report.importId)}`}>
                  {t('impInAudit')}
                </a>
              </p>
              <Diff view={view} report={report} />
            </>
          ) : null}
          <UploadForm view={view} fileError={props.fileError} />
        </>
      )}
    </PageLayout>
  );
}
