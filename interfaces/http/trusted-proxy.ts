import { BlockList, isIP } from 'node:net';
import type { Middleware } from 'koa';

/** The headers a reverse proxy sets about the client's request; only a trusted peer's are believed. */
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host'] as const;

/** `::ffff:10.0.0.5` (an IPv4 peer of a dual-stack socket) as the IPv4 address it is. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Whether an address is in `HTTP_TRUST_PROXY` (addresses and CIDR blocks, as the config validated them). */
export function trustedAddresses(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const plain = plainAddress(address);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The client of a request that came through trusted proxies: proxies append the address they were reached
 * from to `X-Forwarded-For`, so the rightmost entry that is not itself a trusted proxy is the client (the
 * entries left of it are whatever the client chose to send).
 */
function clientAddress(forwardedFor: string, peer: string, trusted: (address: string) => boolean): string {
  const hops = forwardedFor
    .split(',')
    .map((hop) => plainAddress(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  let client = peer;
  for (const hop of hops.reverse()) {
    client = hop;
    if (!trusted(hop)) break;
  }
  return client;
}

/**
 * `HTTP_TRUST_PROXY`: for a request from one of `entries`, the client's address (`ctx.ip`: rate and login
 * limits) comes from `X-Forwarded-For`, and Koa (run with `proxy: true`) takes `X-Forwarded-Proto` and
 * `X-Forwarded-Host`; from any other peer these headers are deleted before anything reads them, so a client
 * talking to the node directly cannot claim https or another address.
 */
export function trustedProxy(entries: readonly string[]): Middleware {
  const trusted = trustedAddresses(entries);
  return async (ctx, next) => {
    const peer = ctx.req.socket.remoteAddress ?? '';
    if (trusted(peer)) {
      ctx.request.ip = clientAddress(ctx.get('X-Forwarded-For'), plainAddress(peer), trusted);
    } else {
      for (const header of FORWARDED_HEADERS) delete ctx.req.headers[header];
    }
    await next();
  };
}
