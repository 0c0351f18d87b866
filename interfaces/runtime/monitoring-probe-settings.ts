import { DEFAULT_PROBE_LIMITS } from '../../application/monitoring/scheduler/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';

type Settings = { current(): Readonly<Record<string, SettingValue>> };

/** `monitoring.probeConcurrency`'s default: checks in flight on one node at most (sockets, ping processes). */
export const DEFAULT_PROBE_CONCURRENCY = 200;

/** A whole-number setting as it is now, or `fallback` when unset (the registry validated any value set). */
const wholeNumber = (settings: Settings, key: string, fallback: number, min: number) => {
  const value = settings.current()[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fallback;
};

/** The probe bound per node, read each time a check starts or ends: a changed setting applies at once. */
export const probeConcurrencyOf = (settings: Settings) => () =>
  wholeNumber(settings, 'monitoring.probeConcurrency', DEFAULT_PROBE_CONCURRENCY, 1);

/** The http probe's body cap and redirects, read at each run. */
export const probeLimitsOf = (settings: Settings) => () => ({
  maxBodyBytes: wholeNumber(settings, 'monitoring.httpBodyLimitBytes', DEFAULT_PROBE_LIMITS.maxBodyBytes, 1),
  maxRedirects: wholeNumber(settings, 'monitoring.httpMaxRedirects', DEFAULT_PROBE_LIMITS.maxRedirects, 0),
});
