import test from 'ava';
import type { SettingValue } from '../../../domain/settings/index.ts';
import { SETTINGS } from '../../../domain/settings/index.ts';
import {
  DEFAULT_PROBE_CONCURRENCY,
  probeConcurrencyOf,
  probeLimitsOf,
} from '../../../interfaces/runtime/monitoring-probe-settings.ts';

test('the probe settings are read at each call: a change applies to the next check without a restart', (t) => {
  let values: Record<string, SettingValue> = {};
  const settings = { current: () => values };
  const concurrency = probeConcurrencyOf(settings);
  const limits = probeLimitsOf(settings);
  t.is(concurrency(), DEFAULT_PROBE_CONCURRENCY);
  t.deepEqual(limits(), { maxBodyBytes: 1 << 20, maxRedirects: 5 });
  values = {
    'monitoring.probeConcurrency': 50,
    'monitoring.httpBodyLimitBytes': 4096,
    'monitoring.httpMaxRedirects': 0,
  };
  t.is(concurrency(), 50);
  t.deepEqual(limits(), { maxBodyBytes: 4096, maxRedirects: 0 });
});

test('the registry’s defaults are the ones the probes fall back on', (t) => {
  const defaults = new Map(SETTINGS.map((setting) => [setting.key, setting.default]));
  t.is(defaults.get('monitoring.probeConcurrency'), DEFAULT_PROBE_CONCURRENCY);
  const limits = probeLimitsOf({ current: () => ({}) })();
  t.is(defaults.get('monitoring.httpBodyLimitBytes'), limits.maxBodyBytes);
  t.is(defaults.get('monitoring.httpMaxRedirects'), limits.maxRedirects);
});
