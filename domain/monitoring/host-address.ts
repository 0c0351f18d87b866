import { DomainError, type DomainErrorCode } from '../shared/index.ts';

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

export const isIpv4 = (address: string): boolean => IPV4.test(address);

export function isIpv6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const last = (tail.length > 0 ? tail : head).at(-1);
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) counts as two groups.
  const embedded = last !== undefined && last.includes('.');
  if (embedded && !IPV4.test(last)) return false;
  const hextets = [...head, ...tail].slice(0, embedded ? -1 : undefined);
  if (!hextets.every((group) => HEXTET.test(group))) return false;
  const count = head.length + tail.length + (embedded ? 1 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * Lower-cases and checks what a server is reached at: an IPv4 or IPv6 address, or a host name (dot-separated
 * labels of letters, digits, inner hyphens; `_` allowed as in service records; a trailing dot dropped).
 * Whether the name resolves is the probe's business: a name that does not is a DOWN check, not a bad input.
 */
export function normalizeHost(
  host: string,
  code: DomainErrorCode = 'SERVER.INVALID_HOST',
  field = 'host',
): string {
  const name = host.trim().toLowerCase();
  if (isIpv4(name) || isIpv6(name)) return name;
  const bare = name.replace(/\.$/, '');
  // All-numeric labels would be a mistyped IPv4 address (`10.0.0.300`), not a name.
  const numeric = /^[\d.]+$/.test(bare);
  if (bare === '' || bare.length > 253 || numeric || !bare.split('.').every((label) => LABEL.test(label))) {
    throw new DomainError(code, `"${host}" is not a valid host name or IP address`, { field });
  }
  return bare;
}
