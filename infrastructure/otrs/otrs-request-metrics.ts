import type { OtrsOperation } from './otrs-operation-error.ts';

/**
 * How one request to OTRS ended: `ok`; an operation error by its stable code (`auth_failed`,
 * `session_expired`, `not_found`, `refused`); no usable answer (`timeout`, `connection`, `bad_answer`: HTML,
 * a 5xx, JSON of the wrong shape); or not sent at all because the circuit is open (`circuit_open`).
 */
export type OtrsRequestOutcome =
  | 'ok'
  | 'auth_failed'
  | 'session_expired'
  | 'not_found'
  | 'refused'
  | 'timeout'
  | 'connection'
  | 'bad_answer'
  | 'circuit_open';

/** What the OTRS client counts: every attempt (a retried read counts each), with its duration when one was sent. */
export interface OtrsRequestMetrics {
  request(operation: OtrsOperation, outcome: OtrsRequestOutcome, durationSeconds: number | null): void;
}
