import type { RecordedEvent } from '../../../../application/ports/index.ts';
import type { SafeHtml } from '../../jsx/jsx-runtime.ts';
import { PageLayout } from '../../layout/page-layout.tsx';
import type { WebView } from '../../web-view.ts';
import { auditHref, shownTime, streamHref } from './audit-filters.ts';

export interface StreamHistoryPageProps {
  readonly view: WebView;
  readonly stream: string;
  /** Oldest first, their data already redacted for the reader's role. */
  readonly events: readonly RecordedEvent[];
  /** The next page's first revision, or null on the last page. */
  readonly nextRevision: number | null;
}

const actorOf = (event: RecordedEvent) => {
  const { actor } = event.metadata;
  return `${actor.name ?? actor.id} (${actor.kind})`;
};

/** One thing's history: every event of its stream, oldest first, with what each recorded. */
export function StreamHistoryPage(props: StreamHistoryPageProps): SafeHtml {
  const { view, stream, events } = props;
  const { t } = view;
  return (
    <PageLayout view={view} title={t('auditHistoryTitle', { stream })}>
      <p>
        <a href={auditHref({ stream })}>{t('auditHistoryInLog')}</a>
      </p>
      <ol class="history">
        {events.map((event) => (
          <li data-revision={String(event.revision)}>
            <p>
              <strong>{event.type}</strong>{' '}
              <time datetime={event.metadata.occurredAt}>{shownTime(event.metadata.occurredAt)}</time> ·{' '}
              {actorOf(event)}
              {event.metadata.reason ? (
                <>
                  {' '}
                  · {t('auditReason')}: {event.metadata.reason}
                </>
              ) : null}
            </p>
            <details>
              <summary>{t('auditEventData', { revision: event.revision })}</summary>
              <pre>{JSON.stringify(event.data, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ol>
      <nav class="pager" aria-label={t('pagination')}>
        <span />
        {props.nextRevision === null ? (
          <span />
        ) : (
          <a href={`${streamHref(stream)}?from=${props.nextRevision}`}>{t('pageNext')}</a>
        )}
      </nav>
    </PageLayout>
  );
}
