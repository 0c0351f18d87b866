import { isIPv4, isIPv6 } from 'node:net';

/** An address typed in a query: a whole one, or the start of an IPv4 one (`10.0.12.`). */
export interface IpQuery {
  readonly value: string;
  readonly exact: boolean;
}

const PARTIAL_IPV4 = /^(\d{1,3}\.){1,3}\d{0,3}$/;

/** `text` (trimmed, lower case) as an IP address or the start of one, or `null`. */
export function ipQueryOf(text: string): IpQuery | null {
  if (isIPv4(text) || isIPv6(text)) return { value: text, exact: true };
  if (PARTIAL_IPV4.test(text)) return { value: text, exact: false };
  return null;
}

const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/;

/**
 * `text` (trimmed, lower case) if it could be a host name or its start (`ws-buh-01`, `pc123.corp.local`),
 * else `null`. A plain word like `ivanov` could be one too: the search tries it as both.
 */
export function hostnameQueryOf(text: string): string | null {
  return text.length <= 253 && HOSTNAME.test(text) ? text.replace(/\.$/, '') : null;
}
