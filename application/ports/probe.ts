import type { CheckDefinition } from '../../domain/monitoring/check-definition.ts';

/** What one run of one check found. Raw telemetry: written to the results table, never an event. */
export interface ProbeResult {
  readonly status: 'up' | 'down';
  /** Time to the answer that decided the result; null when nothing answered (timeout, refused, unreachable). */
  readonly latencyMs: number | null;
  /** Why it is down (or what warns while up), short, for the alert and the history; null when up and well. */
  readonly message: string | null;
  /** An https check's certificate end (ISO 8601); absent for other kinds. */
  readonly tlsValidTo?: string;
  /** Up, but the certificate ends within the check's warning days. */
  readonly tlsExpiring?: boolean;
}

/** Limits every outgoing check obeys, whatever the target does (hangs, sends a gigabyte, redirects forever). */
export interface ProbeLimits {
  readonly timeoutMs: number;
  /** An HTTP body is read up to this many bytes; a longer one is cut and the check is down. */
  readonly maxBodyBytes: number;
  readonly maxRedirects: number;
}

/**
 * Runs one check against its target. Never throws for anything the target does: a refusal, a timeout, a
 * bad certificate are a `down` result with the reason. `signal` aborts it (shutdown, a lost partition).
 */
export interface Probe {
  run(
    check: Exclude<CheckDefinition, { kind: 'push' }>,
    limits: ProbeLimits,
    signal?: AbortSignal,
  ): Promise<ProbeResult>;
}
