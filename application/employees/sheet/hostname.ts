/** A label of a host name; underscores allowed because Windows (NetBIOS) names use them. */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** The host name in lower case (`WS-OF-0002` → `ws-of-0002`, FQDNs too), or `null` when it is not one. */
export function normalizeHostname(text: string): string | null {
  const name = text.trim().toLowerCase().replace(/\.$/, '');
  if (name === '' || name.length > 253) return null;
  return name.split('.').every((label) => LABEL.test(label)) ? name : null;
}
