import dns from 'node:dns';
import { readFile } from 'node:fs/promises';
import net from 'node:net';

export type AddressFamily = 0 | 4 | 6;

/**
 * A host name's addresses of `family` (0: any), or a rejection: `ENOTFOUND` when it has none, the signal's
 * reason when the caller's deadline came first.
 */
export type NameLookup = (
  host: string,
  family: AddressFamily,
  signal: AbortSignal,
) => Promise<readonly dns.LookupAddress[]>;

export interface SystemNameLookupOptions {
  /** At most this many getaddrinfo calls at once: libuv's pool has 4 threads for the whole process. */
  readonly maxInFlight?: number;
  /** The hosts file whose names are answered without getaddrinfo. */
  readonly hostsFile?: string;
  /** getaddrinfo; a test gives one that hangs as a name server that drops packets makes it hang. */
  readonly resolve?: (host: string, family: AddressFamily) => Promise<readonly dns.LookupAddress[]>;
}

const DEFAULT_MAX_IN_FLIGHT = 2;
const HOSTS_FILE_TTL_MS = 10_000;
const MAX_HOSTS_FILE_BYTES = 1 << 20;

const systemResolve = (host: string, family: AddressFamily) =>
  dns.promises.lookup(host, { family, all: true });

/**
 * The system resolver (getaddrinfo), bounded. getaddrinfo runs on libuv's thread pool and cannot be cancelled:
 * a name whose server drops packets holds a thread for the OS resolver's own timeouts (30 s and more), long
 * after the check's deadline, and four of them stop every lookup, file read and password hash of the process.
 * So a caller gives up at its deadline, but the lookup keeps its place until getaddrinfo really returns, and
 * only `maxInFlight` places exist: hung names can take those, never the whole pool. IP literals and the hosts
 * file's names need no lookup and are answered whatever hangs (`localhost` checks keep working).
 */
export function systemNameLookup(options: SystemNameLookupOptions = {}): NameLookup {
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const resolve = options.resolve ?? systemResolve;
  const hosts = hostsFileReader(options.hostsFile ?? '/etc/hosts');
  const waiting: (() => void)[] = [];
  let inFlight = 0;

  const release = () => {
    inFlight -= 1;
    waiting.shift()?.();
  };

  const place = (signal: AbortSignal) =>
    new Promise<void>((granted, refused) => {
      if (signal.aborted) return refused(abortReason(signal));
      if (inFlight < maxInFlight) {
        inFlight += 1;
        return granted();
      }
      const onAbort = () => {
        const at = waiting.indexOf(take);
        if (at >= 0) waiting.splice(at, 1);
        refused(abortReason(signal));
      };
      const take = () => {
        signal.removeEventListener('abort', onAbort);
        inFlight += 1;
        granted();
      };
      waiting.push(take);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  return async (host, family, signal) => {
    const literal = net.isIP(host);
    if (literal !== 0) return family === 0 || family === literal ? [{ address: host, family: literal }] : [];
    const known = ofFamily(await hosts(host), family);
    if (known.length > 0) return known;
    await place(signal);
    const settled = Promise.resolve()
      .then(() => resolve(host, family))
      .finally(release);
    const found = await raceAbort(settled, signal);
    if (found.length === 0) throw notFound(host);
    return found;
  };
}

/** The `lookup` option of `net.connect` / `http.request`, answering from `lookup` under `signal`. */
export function connectLookup(lookup: NameLookup, signal: AbortSignal): net.LookupFunction {
  return (hostname, options, callback) => {
    const family =
      options.family === 4 || options.family === 'IPv4'
        ? 4
        : options.family === 6 || options.family === 'IPv6'
          ? 6
          : 0;
    lookup(hostname, family, signal).then(
      (addresses) => {
        const [first] = addresses;
        if (first === undefined) return callback(notFound(hostname), '', 0);
        if (options.all === true) return callback(null, [...addresses]);
        return callback(null, first.address, first.family);
      },
      (error: unknown) => callback(asErrno(error), '', 0),
    );
  };
}

function ofFamily(addresses: readonly dns.LookupAddress[], family: AddressFamily) {
  return family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // the lookup goes on (its `finally` frees the place); the caller only stops waiting for it
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

function notFound(host: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
}

function asErrno(error: unknown): NodeJS.ErrnoException {
  return error instanceof Error ? error : new Error(String(error));
}

/** The hosts file's names, read again at most every ten seconds (an edit is seen, a read per lookup is not). */
function hostsFileReader(path: string): (host: string) => Promise<readonly dns.LookupAddress[]> {
  let names: Promise<Map<string, dns.LookupAddress[]>> | null = null;
  let readAt = 0;
  return async (host) => {
    if (names === null || performance.now() - readAt > HOSTS_FILE_TTL_MS) {
      readAt = performance.now();
      names = readFile(path, 'utf8').then(parseHostsFile, () => new Map());
    }
    return (await names).get(host.toLowerCase().replace(/\.$/, '')) ?? [];
  };
}

export function parseHostsFile(text: string): Map<string, dns.LookupAddress[]> {
  const names = new Map<string, dns.LookupAddress[]>();
  for (const line of text.slice(0, MAX_HOSTS_FILE_BYTES).split('\n')) {
    const [address, ...aliases] = (line.split('#')[0] ?? '').trim().split(/\s+/);
    const family = address === undefined ? 0 : net.isIP(address);
    if (address === undefined || family === 0) continue;
    for (const alias of aliases) {
      const key = alias.toLowerCase();
      const known = names.get(key) ?? [];
      if (!known.some((entry) => entry.address === address)) known.push({ address, family });
      names.set(key, known);
    }
  }
  return names;
}
