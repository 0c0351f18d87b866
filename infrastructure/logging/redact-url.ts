import { REDACTED } from './redaction.ts';

/**
 * A URL fit for a log line: the password (in the authority or a `password` query parameter) becomes `***`
 * (`postgres://u:***@h/db`). Text that is not a `scheme://` URL is hidden whole, as it may be a secret.
 */
export function redactUrl(url: string): string {
  // `u:pw@host` parses as a URL with an opaque path: only URLs with an authority part are shown.
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(url) || !URL.canParse(url)) return REDACTED;
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  // libpq also takes the password as a query parameter; the other parameters stay as written.
  parsed.search = parsed.search.replace(/([?&](?:ssl)?password=)[^&]*/gi, '$1***');
  return parsed.toString();
}
