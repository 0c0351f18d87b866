export interface ProjectionRunnerOptions {
  /** Lease time-to-live; renewed every third of it. A dead owner is replaced within about this long. */
  readonly leaseTtlMs?: number;
  /** Events applied per transaction. */
  readonly batchSize?: number;
  /** Tries of a failing event before its projection parks. */
  readonly maxAttempts?: number;
  /** First retry delay; doubles with each attempt. */
  readonly retryBaseMs?: number;
  /** How often an idle or parked runner looks again (lease free? parked projection released?). */
  readonly idlePollMs?: number;
  /** Events applied since the projector's last `afterCatchUp` that make it due (default 10,000). */
  readonly catchUpEvents?: number;
  /** How long no batch must come for a due `afterCatchUp` to run: the log has gone quiet (default 500). */
  readonly catchUpQuietMs?: number;
}

/** The runner's options with every default filled in. */
export type RunnerSettings = Required<ProjectionRunnerOptions>;

export function runnerSettings(options: ProjectionRunnerOptions = {}): RunnerSettings {
  return {
    leaseTtlMs: options.leaseTtlMs ?? 10_000,
    batchSize: options.batchSize ?? 500,
    maxAttempts: options.maxAttempts ?? 5,
    retryBaseMs: options.retryBaseMs ?? 200,
    idlePollMs: options.idlePollMs ?? 1000,
    catchUpEvents: options.catchUpEvents ?? 10_000,
    catchUpQuietMs: options.catchUpQuietMs ?? 500,
  };
}

/** The wait after try `attempt` (from 1) of a failing event: the base delay, doubled with each attempt. */
export const retryDelayMs = (settings: RunnerSettings, attempt: number): number =>
  settings.retryBaseMs * 2 ** (attempt - 1);

/** The lease is renewed every third of its time-to-live, and no more often than every 10 ms. */
export const renewalIntervalMs = (settings: RunnerSettings): number =>
  Math.max(10, Math.floor(settings.leaseTtlMs / 3));

/**
 * How long a node that did not get the lease waits before asking again; `random` (in [0, 1)) jitters it so that
 * the nodes do not knock at the same moment.
 */
export const leaseRetryDelayMs = (settings: RunnerSettings, random: number): number =>
  Math.min(settings.idlePollMs, settings.leaseTtlMs / 3) * (0.5 + random);

/**
 * How long a node that stepped down leaves the lease to the nodes that run the newer version (or rebuild)
 * before asking again; jittered by `random` (in [0, 1)).
 */
export const stepDownDelayMs = (settings: RunnerSettings, random: number): number =>
  Math.max(settings.idlePollMs, settings.leaseTtlMs) * (0.5 + random);

/** The pause after an ownership ended by an error, before the node asks for the lease again. */
export const errorPauseMs = (settings: RunnerSettings): number => settings.retryBaseMs * 5;
