import type { z } from 'zod';
import type { Logger } from '../../application/ports/logger.ts';
import { DomainError } from '../../domain/shared/index.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { errorAnswer } from './otrs-answer-shapes.ts';
import { type HttpAnswer, type HttpTransport, OtrsTransportError } from './otrs-http-transport.ts';
import { type OtrsOperation, operationError, unavailableError } from './otrs-operation-error.ts';
import type { OtrsRequestMetrics, OtrsRequestOutcome } from './otrs-request-metrics.ts';

/** One operation's request, before the web service's address is put in front of its path. */
export interface OtrsCall<T> {
  readonly operation: OtrsOperation;
  readonly method: 'GET' | 'POST' | 'PATCH';
  /** After the web service's root: `/Ticket/12`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: Readonly<Record<string, unknown>>;
  /** A read, safe to send again after a timeout or a dropped connection. Updates never are. */
  readonly idempotent: boolean;
  /** The credentials the call carries, kept out of every message and error. */
  readonly secrets: readonly string[];
  readonly answer: z.ZodType<T>;
}

export interface OtrsRequester {
  <T>(call: OtrsCall<T>): Promise<T>;
}

export interface OtrsRequesterDeps {
  /** `<OTRS_BASE_URL>/nph-genericinterface.pl/Webservice/<name>`. */
  readonly serviceUrl: string;
  readonly transport: HttpTransport;
  readonly timeoutMs: number;
  /** The waits before each retry of a read; its length is the number of retries. */
  readonly retryDelaysMs: readonly number[];
  readonly breaker: CircuitBreaker;
  readonly metrics: OtrsRequestMetrics;
  readonly logger?: Logger | undefined;
  readonly sleep?: (ms: number) => Promise<void>;
}

const OUTCOME_BY_CODE = {
  'OTRS.AUTH_FAILED': 'auth_failed',
  'OTRS.SESSION_EXPIRED': 'session_expired',
  'OTRS.TICKET_NOT_FOUND': 'not_found',
  'OTRS.REFUSED': 'refused',
} as const;

/** A failed attempt that may be sent again (if the call is a read and retries are left). */
class Retryable extends Error {
  constructor(
    readonly outcome: OtrsRequestOutcome,
    readonly error: Error,
  ) {
    super(error.message);
  }
}

/**
 * Sends calls to OTRS: each attempt with a deadline, through the circuit breaker, counted in the metrics.
 * An operation error (HTTP 200 with `{"Error": ...}`) is OTRS answering: never retried, and a success for the
 * breaker. No answer (a timeout, a dropped connection, a 5xx or an HTML page from a proxy) is a failure for
 * the breaker, retried with backoff for reads only. Logs name the operation and the reason, never the URL
 * (a GET carries the session id in its query) nor a credential.
 */
export function createOtrsRequester(deps: OtrsRequesterDeps): OtrsRequester {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const attempt = async <T>(call: OtrsCall<T>, url: URL): Promise<T> => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let answer: HttpAnswer;
    try {
      answer = await deps.transport({
        method: call.method,
        url,
        timeoutMs: deps.timeoutMs,
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      });
    } catch (error) {
      if (!(error instanceof OtrsTransportError)) throw error;
      const outcome = error.kind === 'timeout' ? 'timeout' : 'connection';
      deps.breaker.failed();
      deps.metrics.request(call.operation, outcome, seconds());
      const failure = unavailableError(call.operation, outcome, error.message);
      // A cut-off answer of 20 MB would come again the same.
      if (error.kind === 'too_large') throw failure;
      throw new Retryable(outcome, failure);
    }
    const parsed = readJson(answer);
    if (parsed === undefined) {
      deps.breaker.failed();
      deps.metrics.request(call.operation, 'bad_answer', seconds());
      const failure = unavailableError(
        call.operation,
        'bad_answer',
        `HTTP ${answer.status} ${mediaType(answer)}`,
      );
      // A proxy's page (502, 503, 504, or an HTML page with 200) comes and goes; a 404 is a wrong address.
      if (answer.status >= 500 || mediaType(answer) === 'text/html')
        throw new Retryable('bad_answer', failure);
      throw failure;
    }
    const refusal = errorAnswer.safeParse(parsed);
    if (refusal.success) {
      deps.breaker.succeeded();
      const error = operationError(call.operation, refusal.data.Error, call.secrets);
      deps.metrics.request(
        call.operation,
        OUTCOME_BY_CODE[error.code as keyof typeof OUTCOME_BY_CODE],
        seconds(),
      );
      throw error;
    }
    const result = call.answer.safeParse(parsed);
    if (!result.success) {
      deps.breaker.failed();
      deps.metrics.request(call.operation, 'bad_answer', seconds());
      throw unavailableError(call.operation, 'bad_answer', 'not the shape of its answer');
    }
    deps.breaker.succeeded();
    deps.metrics.request(call.operation, 'ok', seconds());
    return result.data;
  };

  return async <T>(call: OtrsCall<T>): Promise<T> => {
    const url = new URL(`${deps.serviceUrl}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      for (const item of typeof value === 'string' ? [value] : (value ?? []))
        url.searchParams.append(key, item);
    }
    const retries = call.idempotent ? deps.retryDelaysMs : [];
    for (let index = 0; ; index += 1) {
      if (!deps.breaker.tryAcquire()) {
        deps.metrics.request(call.operation, 'circuit_open', null);
        throw unavailableError(call.operation, 'circuit_open');
      }
      try {
        return await attempt(call, url);
      } catch (error) {
        if (!(error instanceof Retryable)) {
          // A throw that is neither OTRS answering nor the network (a bug in a transport or a shape) tells
          // nothing of OTRS, but a half-open probe must still give its turn back (review R6).
          if (!(error instanceof DomainError)) deps.breaker.abandoned();
          throw error;
        }
        const delay = retries[index];
        deps.logger?.warn(
          { operation: call.operation, attempt: index + 1, outcome: error.outcome, retryInMs: delay ?? null },
          'OTRS request failed',
        );
        if (delay === undefined) throw error.error;
        await sleep(delay);
      }
    }
  };
}

function mediaType(answer: HttpAnswer): string {
  return (answer.contentType.split(';')[0] ?? '').trim().toLowerCase() || 'no content type';
}

/** The answer's JSON object, or `undefined` when it is not a 200 with a JSON object (a proxy's page, a 5xx). */
function readJson(answer: HttpAnswer): unknown {
  if (answer.status !== 200 || mediaType(answer) === 'text/html') return undefined;
  try {
    const value: unknown = JSON.parse(answer.body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
