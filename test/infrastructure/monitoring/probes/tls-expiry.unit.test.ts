import test from 'ava';
import { tlsExpiryWarning } from '../../../../infrastructure/monitoring/probes/tls-expiry.ts';

const DAY_MS = 86_400_000;
const validTo = '2026-12-10T12:00:00.000Z';
const end = Date.parse(validTo);

test('no warning days, or more days left than them: no warning', (t) => {
  t.is(tlsExpiryWarning(validTo, undefined, end - DAY_MS), null);
  t.is(tlsExpiryWarning(validTo, 14, end - 15 * DAY_MS), null);
});

test('the days left are counted to the nearest whole day', (t) => {
  t.is(tlsExpiryWarning(validTo, 14, end - 14 * DAY_MS), 'TLS certificate ends in 14 days (2026-12-10)');
  t.is(tlsExpiryWarning(validTo, 7, end - 3 * DAY_MS + 5_000), 'TLS certificate ends in 3 days (2026-12-10)');
  t.is(tlsExpiryWarning(validTo, 7, end - DAY_MS), 'TLS certificate ends in 1 day (2026-12-10)');
  t.is(tlsExpiryWarning(validTo, 7, end - 3_600_000), 'TLS certificate ends within a day (2026-12-10)');
});

test('an ended certificate says it has expired', (t) => {
  t.is(tlsExpiryWarning(validTo, 7, end), 'TLS certificate expired on 2026-12-10');
  t.is(tlsExpiryWarning(validTo, 0, end + DAY_MS), 'TLS certificate expired on 2026-12-10');
});
