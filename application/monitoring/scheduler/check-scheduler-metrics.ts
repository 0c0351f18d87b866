import type { CheckKind } from '../../../domain/monitoring/index.ts';

/** What the scheduler tells the metrics: each check run, and each one started late. */
export interface CheckSchedulerMetrics {
  /** A run ended (a push check's slot judged) with this status, after `durationSeconds` of probing. */
  checkRan(kind: CheckKind, status: 'up' | 'down', durationSeconds: number): void;
  /** A run started more than {@link LATE_AFTER_MS} after its planned start. */
  checkLate(kind: CheckKind): void;
}

/** A check starting later than this after its slot's start is late (the bench's target: p99 below it). */
export const LATE_AFTER_MS = 1000;

export const noSchedulerMetrics: CheckSchedulerMetrics = {
  checkRan: () => undefined,
  checkLate: () => undefined,
};
