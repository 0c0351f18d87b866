import type { ProbeLimits, ProbeResult } from '../../../application/ports/probe.ts';
import type { HttpCheck } from '../../../domain/monitoring/check-definition.ts';
import { readBodyUpTo } from './http-body.ts';
import { exchange } from './http-exchange.ts';
import { bodyFailure, needsBody, statusFailure } from './http-expectations.ts';
import { networkErrorReason } from './network-error-reason.ts';
import { deadlineMessage, startDeadline, type ProbeDeadline } from './probe-deadline.ts';
import { down, elapsedSince, up } from './probe-outcome.ts';
import { tlsExpiryWarning } from './tls-expiry.ts';
import { type NameLookup, systemNameLookup } from './name-lookup.ts';

export interface HttpProbeOptions {
  /** The wall clock certificate ends are compared with; `Date.now` unless a test fixes it. */
  readonly now?: () => number;
  /** How host names are resolved; a bounded system lookup of the probe's own unless the node shares one. */
  readonly lookup?: NameLookup;
}

export type HttpProbe = (check: HttpCheck, limits: ProbeLimits, signal?: AbortSignal) => Promise<ProbeResult>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * An HTTP(S) check under one deadline for the whole of it (every redirect and the body): redirects are
 * followed up to `maxRedirects` unless the expected range itself holds the redirect status; the body is
 * read only when a keyword or a JSON expectation needs it, and then only up to `maxBodyBytes`. The latency
 * is the time to the answer that decided: the final response head, or its body when the body was judged.
 */
export function makeHttpProbe(options: HttpProbeOptions = {}): HttpProbe {
  const now = options.now ?? Date.now;
  const lookup = options.lookup ?? systemNameLookup();
  return async (check, limits, signal) => {
    const deadline = startDeadline(limits.timeoutMs, signal);
    try {
      return await exchangeWithin(check, limits, deadline, now, lookup);
    } finally {
      deadline.dispose();
    }
  };
}

async function exchangeWithin(
  check: HttpCheck,
  limits: ProbeLimits,
  deadline: ProbeDeadline,
  now: () => number,
  lookup: NameLookup,
): Promise<ProbeResult> {
  const startedAt = performance.now();
  const failedAfterStart = (error: unknown, during = '') =>
    down(deadline.reason() === null ? `${during}${networkErrorReason(error)}` : deadlineMessage(deadline));
  let url = parseHttpUrl(check.url);
  let tlsValidTo: string | undefined;
  const withTls = (result: ProbeResult): ProbeResult =>
    tlsValidTo === undefined ? result : { ...result, tlsValidTo };
  for (let redirects = 0; ; redirects += 1) {
    if (url === null) return withTls(down(`not an http(s) URL`));
    let hop;
    try {
      hop = await exchange(url, {
        method: check.method,
        ignoreTlsErrors: check.ignoreTlsErrors,
        signal: deadline.signal,
        lookup,
      });
    } catch (error) {
      return withTls(failedAfterStart(error));
    }
    tlsValidTo = hop.tlsValidTo ?? tlsValidTo;
    const { response } = hop;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    const statusProblem = statusFailure(check, status);
    if (statusProblem !== null && REDIRECT_STATUSES.has(status) && location !== undefined) {
      response.destroy();
      if (redirects >= limits.maxRedirects) {
        return withTls(
          down(`too many redirects (more than ${limits.maxRedirects})`, elapsedSince(startedAt)),
        );
      }
      url = parseHttpUrl(location, url);
      continue;
    }
    if (statusProblem !== null || !needsBody(check)) {
      response.destroy();
      const latency = elapsedSince(startedAt);
      return withTls(statusProblem === null ? upWithWarnings(latency, []) : down(statusProblem, latency));
    }
    let body;
    try {
      body = await readBodyUpTo(response, limits.maxBodyBytes, deadline.signal);
    } catch (error) {
      return withTls(failedAfterStart(error, 'body: '));
    }
    const latency = elapsedSince(startedAt);
    const bodyProblem = bodyFailure(check, body, limits.maxBodyBytes);
    if (bodyProblem !== null) return withTls(down(bodyProblem, latency));
    // An answer past the limit is not the page the check expects, whatever its start holds (#15 "Bad input").
    if (body.cut) return withTls(down(`body larger than ${limits.maxBodyBytes} bytes (cut)`, latency));
    return withTls(upWithWarnings(latency, []));
  }

  function upWithWarnings(latency: number, warnings: string[]): ProbeResult {
    const expiry =
      tlsValidTo === undefined ? null : tlsExpiryWarning(tlsValidTo, check.tlsExpiryWarningDays, now());
    const all = expiry === null ? warnings : [expiry, ...warnings];
    const result = up(latency, all.length === 0 ? null : all.join('; '));
    return tlsValidTo === undefined || check.tlsExpiryWarningDays === undefined
      ? result
      : { ...result, tlsExpiring: expiry !== null };
  }
}

/** An absolute http: or https: URL (a relative one resolved against `base`), or null. */
function parseHttpUrl(text: string, base?: URL): URL | null {
  if (!URL.canParse(text, base?.href)) return null;
  const url = new URL(text, base);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}
