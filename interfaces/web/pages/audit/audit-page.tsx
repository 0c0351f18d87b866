import type { AuditLogEntry } from '../../../../application/audit/index.ts';
import type { FieldErrors } from '../../forms/index.ts';
import type { SafeHtml } from '../../jsx/jsx-runtime.ts';
import { PageLayout } from '../../layout/page-layout.tsx';
import type { WebView } from '../../web-view.ts';
import {
  AUDIT_FILTER_FIELDS,
  type AuditFilterField,
  type AuditFilterValues,
  auditHref,
  shownTime,
  streamHref,
} from './audit-filters.ts';

export interface AuditPageProps {
  readonly view: WebView;
  readonly values: AuditFilterValues;
  readonly errors: FieldErrors;
  readonly entries: readonly AuditLogEntry[];
  /** The next (older) page's cursor, or null on the last page. */
  readonly nextCursor: string | null;
  /** True when this page is not the newest (a cursor was given). */
  readonly paged: boolean;
}

const TIME_FIELDS: ReadonlySet<AuditFilterField> = new Set(['since', 'until']);

function FilterField(props: {
  view: WebView;
  field: AuditFilterField;
  values: AuditFilterValues;
  errors: FieldErrors;
}) {
  const { view, field } = props;
  const id = `filter-${field}`;
  const errors = props.errors[field] ?? [];
  const time = TIME_FIELDS.has(field);
  const value = props.values[field];
  return (
    <label for={id}>
      {view.t(`auditFilter_${field}`)}
      <input
        id={id}
        name={field}
        type={time ? 'datetime-local' : 'text'}
        value={time && value ? value.slice(0, 16) : value}
        maxlength={time ? undefined : 200}
        aria-invalid={errors.length > 0 ? 'true' : undefined}
        aria-describedby={errors.length > 0 ? `${id}-error` : undefined}
      />
      {errors.length > 0 ? (
        <small id={`${id}-error`} class="field-error">
          {errors.join(' ')}
        </small>
      ) : null}
    </label>
  );
}

function ActorCell({
  view,
  entry,
  values,
}: {
  view: WebView;
  entry: AuditLogEntry;
  values: AuditFilterValues;
}) {
  const { actor } = entry;
  const filter = auditHref({ ...values, actor: `${actor.kind}:${actor.id}` });
  return (
    <a href={filter} title={view.t('auditByActor')}>
      {actor.name ?? view.t('auditForgotten')} <small class="muted">({actor.kind})</small>
    </a>
  );
}

/** The audit log, newest first: filters in the URL, keyset pages, each row linking to its thing's history. */
export function AuditPage(props: AuditPageProps): SafeHtml {
  const { view, values, entries } = props;
  const { t } = view;
  return (
    <PageLayout view={view} title={t('auditTitle')}>
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label={t('auditFilters')}>
        <div class="grid-filters">
          {AUDIT_FILTER_FIELDS.map((field) => (
            <FilterField view={view} field={field} values={values} errors={props.errors} />
          ))}
        </div>
        <small class="muted">{t('auditFilterHint')}</small>
        <div>
          <button type="submit">{t('filterApply')}</button> <a href="/admin/audit">{t('filterReset')}</a>
        </div>
      </form>
      {entries.length === 0 ? (
        <p class="muted">{t('nothingHere')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('auditTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('auditWhen')}</th>
                <th scope="col">{t('auditWho')}</th>
                <th scope="col">{t('auditWhat')}</th>
                <th scope="col">{t('auditThing')}</th>
                <th scope="col">{t('auditCorrelation')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr data-position={String(entry.position)}>
                  <td>
                    <time datetime={entry.occurredAt}>{shownTime(entry.occurredAt)}</time>
                  </td>
                  <td>
                    <ActorCell view={view} entry={entry} values={values} />
                  </td>
                  <td>
                    <strong>{entry.type}</strong>
                    <br />
                    {entry.summary}
                    {entry.reason ? (
                      <>
                        <br />
                        <small>
                          {t('auditReason')}: {entry.reason}
                        </small>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <a href={streamHref(entry.stream)}>{entry.stream}</a>
                  </td>
                  <td>
                    <a href={auditHref({ correlationId: entry.correlationId })} class="muted">
                      {entry.correlationId.slice(0, 8)}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('pagination')}>
        {props.paged ? <a href={auditHref(values)}>{t('auditNewest')}</a> : <span />}
        {props.nextCursor ? <a href={auditHref(values, props.nextCursor)}>{t('auditOlder')}</a> : <span />}
      </nav>
    </PageLayout>
  );
}
