import { z } from 'zod';
import { type AuditLogQueries, parseActorFilter, redactEvent } from '../../../../application/audit/index.ts';
import type { EventStore } from '../../../../application/ports/index.ts';
import type { UserRole } from '../../../../domain/users/index.ts';
import { AuditListQuery, encodeCursor } from '../../../http/audit/index.ts';
import { validateForm } from '../../forms/index.ts';
import { PageNotFound } from '../../web-refusals.ts';
import { type WebFeature, webFeature } from '../../web-feature.ts';
import { auditFilterValues, auditQueryInput } from './audit-filters.ts';
import { AuditPage } from './audit-page.tsx';
import { StreamHistoryPage } from './stream-history-page.tsx';

export interface AuditPagesDeps {
  /** The audit read model (`core.audit_log`), as the API's `/audit` reads it. */
  readonly queries: AuditLogQueries;
  /** One stream's events with their data (personal data readable unless forgotten), as the API reads them. */
  readonly eventStore: EventStore;
}

/** As the API's `/audit`: every signed-in role. */
const EVERY_ROLE: readonly UserRole[] = ['viewer', 'operator', 'admin'];
const PAGE_SIZE = 50;
const HISTORY_PAGE_SIZE = 100;

const HistoryParams = z.object({ stream: z.string().min(1).max(200) });
const HistoryQuery = z.object({
  from: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 52)
    .catch(0),
});

/**
 * `/admin/audit`: the audit log filtered by actor, stream, event type, time and correlation (the filters in the
 * URL, validated by the API's own query schema; refused ones shown next to their box), newest first in keyset
 * pages; `/admin/audit/streams/:stream` one thing's history, its event data redacted for the reader's role
 * as the API redacts it.
 */
export function auditPages(deps: AuditPagesDeps): WebFeature {
  const pages = webFeature([{ path: '/admin/audit', label: 'navAudit', roles: EVERY_ROLE }]);

  pages.get('/admin/audit', EVERY_ROLE, async (ctx, view) => {
    const values = auditFilterValues(ctx.query);
    const cursor = typeof ctx.query['cursor'] === 'string' ? ctx.query['cursor'] : undefined;
    const parsed = validateForm(AuditListQuery, auditQueryInput(values, cursor), view.t);
    if (!parsed.ok) {
      ctx.status = 422;
      return (
        <AuditPage
          view={view}
          values={values}
          errors={parsed.errors}
          entries={[]}
          nextCursor={null}
          paged={false}
        />
      );
    }
    const query = parsed.value;
    const page = await deps.queries.list({
      filter: {
        ...(query.actor === undefined ? {} : { actor: parseActorFilter(query.actor) }),
        ...(query.stream === undefined ? {} : { streamId: query.stream }),
        ...(query.type === undefined ? {} : { eventTypes: query.type }),
        ...(query.since === undefined ? {} : { since: query.since }),
        ...(query.until === undefined ? {} : { until: query.until }),
        ...(query.correlationId === undefined ? {} : { correlationId: query.correlationId }),
      },
      ...(query.cursor === undefined ? {} : { beforePosition: query.cursor }),
      limit: Math.min(query.limit, PAGE_SIZE),
    });
    return (
      <AuditPage
        view={view}
        values={values}
        errors={{}}
        entries={page.items}
        nextCursor={page.nextBefore === null ? null : encodeCursor(page.nextBefore)}
        paged={query.cursor !== undefined}
      />
    );
  });

  pages.get('/admin/audit/streams/:stream', EVERY_ROLE, async (ctx, view) => {
    const params = HistoryParams.safeParse(ctx.params);
    if (!params.success || !view.user) throw new PageNotFound();
    const { from } = HistoryQuery.parse(ctx.query);
    const events = await deps.eventStore.readStream(params.data.stream, {
      fromRevision: from,
      maxCount: HISTORY_PAGE_SIZE + 1,
    });
    if (events.length === 0) throw new PageNotFound();
    const role = view.user.role;
    const next = events[HISTORY_PAGE_SIZE];
    return (
      <StreamHistoryPage
        view={view}
        stream={params.data.stream}
        events={events.slice(0, HISTORY_PAGE_SIZE).map((event) => redactEvent(event, role))}
        nextRevision={next ? next.revision : null}
      />
    );
  });

  return pages.feature;
}
