/** The audit log's filters as the page's form names them; the URL carries them (a link is a shareable search). */
export const AUDIT_FILTER_FIELDS = ['actor', 'stream', 'type', 'since', 'until', 'correlationId'] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];
export type AuditFilterValues = Readonly<Partial<Record<AuditFilterField, string>>>;

/**
 * A `datetime-local` box's `2026-12-06T10:30` is a time in UTC (the page says so); a full ISO time with an
 * offset is taken as written.
 */
export function isoTimeOf(text: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text) ? `${text}:00Z` : text;
}

/** The filters given in the URL (empty boxes dropped), as text. */
export function auditFilterValues(query: Readonly<Record<string, unknown>>): AuditFilterValues {
  const values: Partial<Record<AuditFilterField, string>> = {};
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = query[field];
    const text = typeof value === 'string' ? value.trim() : '';
    if (text !== '') values[field] = text;
  }
  return values;
}

/** The filters and cursor as the API's query takes them (its schema validates them: the same bounds). */
export function auditQueryInput(
  values: AuditFilterValues,
  cursor: string | undefined,
): Record<string, string> {
  return {
    ...values,
    ...(values.since ? { since: isoTimeOf(values.since) } : {}),
    ...(values.until ? { until: isoTimeOf(values.until) } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** `/admin/audit` with these filters (and a cursor): what the pager and the "filter by" links point at. */
export function auditHref(values: AuditFilterValues, cursor?: string): string {
  const query = new URLSearchParams();
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = values[field];
    if (value) query.set(field, value);
  }
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return text === '' ? '/admin/audit' : `/admin/audit?${text}`;
}

/** A stream's history page. */
export const streamHref = (stream: string): string => `/admin/audit/streams/${encodeURIComponent(stream)}`;

/** A time as the pages show it: `2026-12-06 10:30:05` (UTC), the exact value in `datetime`. */
export const shownTime = (iso: string): string => iso.slice(0, 19).replace('T', ' ');
