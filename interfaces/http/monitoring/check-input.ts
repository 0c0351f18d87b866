import type { NewCheck, NewCheckDefinition } from '../../../application/monitoring/index.ts';
import type { CheckTiming } from '../../../domain/monitoring/index.ts';
import type { CheckBody, CheckDefinitionBody, CheckTimingBody } from './monitoring-schemas.ts';

/** A field given, or left out: the domain's types hold no `undefined` (exact optional properties). */
const given = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

function definitionOf(body: CheckDefinitionBody): NewCheckDefinition {
  switch (body.kind) {
    case 'tcp':
      return { kind: 'tcp', port: body.port };
    case 'http':
      return {
        kind: 'http',
        url: body.url,
        method: body.method,
        expectStatus: body.expectStatus,
        ignoreTlsErrors: body.ignoreTlsErrors,
        ...given('keyword', body.keyword),
        ...given('json', body.json && { path: body.json.path, ...given('equals', body.json.equals) }),
        ...given('tlsExpiryWarningDays', body.tlsExpiryWarningDays),
      };
    case 'ping':
      return { kind: 'ping' };
    case 'dns':
      return {
        kind: 'dns',
        recordType: body.recordType,
        ...given('host', body.host),
        ...given('expectAddress', body.expectAddress),
      };
    case 'push':
      return { kind: 'push' };
  }
}

/**
 * A check's timing with what was left out filled in: the interval from `monitoring.checkIntervalSeconds`,
 * the retry interval the same, a timeout below both (at most 10 s), one silent retry, no reminders.
 */
export function timingOf(body: CheckTimingBody, defaultIntervalSeconds: number): CheckTiming {
  const intervalSeconds = body.intervalSeconds ?? defaultIntervalSeconds;
  const retryIntervalSeconds = body.retryIntervalSeconds ?? intervalSeconds;
  return {
    intervalSeconds,
    retryIntervalSeconds,
    timeoutSeconds:
      body.timeoutSeconds ?? Math.max(1, Math.min(10, intervalSeconds - 1, retryIntervalSeconds - 1)),
    retries: body.retries ?? 1,
    resendIntervalSeconds: body.resendIntervalSeconds ?? 0,
  };
}

/** A check as the API takes it, as the servers' commands take it. */
export const checkOf = (body: CheckBody, defaultIntervalSeconds: number): NewCheck => ({
  definition: definitionOf(body.definition),
  timing: timingOf(body.timing, defaultIntervalSeconds),
});
