import test from 'ava';
import type { HttpCheck } from '../../../../domain/monitoring/check-definition.ts';
import { makeHttpProbe } from '../../../../infrastructure/monitoring/probes/index.ts';
import { startHttpTarget, type HttpTarget } from '../../../support/monitoring-targets/http-target.ts';
import { selfSignedCertificate } from '../../../support/monitoring-targets/self-signed-certificate.ts';

const limits = { timeoutMs: 3_000, maxBodyBytes: 65_536, maxRedirects: 5 };
const DAY_MS = 86_400_000;
let target: HttpTarget;
let startedAt: number;

test.before(async () => {
  startedAt = Date.now();
  target = await startHttpTarget(await selfSignedCertificate(3));
});
test.after.always(() => target.close());

const check = (more: Partial<HttpCheck> = {}): HttpCheck => ({
  kind: 'http',
  url: `${target.url}/health`,
  method: 'GET',
  expectStatus: { min: 200, max: 299 },
  ignoreTlsErrors: true,
  ...more,
});

test('a self-signed certificate is refused unless the check ignores TLS errors', async (t) => {
  const strict = await makeHttpProbe()(check({ ignoreTlsErrors: false }), limits);
  t.is(strict.status, 'down');
  t.is(strict.message, 'TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
  t.is(strict.latencyMs, null);
  t.is((await makeHttpProbe()(check(), limits)).status, 'up');
});

test('the certificate end is reported, three days ahead', async (t) => {
  const result = await makeHttpProbe()(check(), limits);
  const validTo = Date.parse(result.tlsValidTo ?? '');
  // openssl -days 3 ends the certificate three days after it was made, to the second
  t.true(Math.abs(validTo - (startedAt + 3 * DAY_MS)) < 60_000, `tlsValidTo ${result.tlsValidTo}`);
  t.is(result.tlsExpiring, undefined, 'no warning days, no expiring flag');
});

test('within the warning days the check is up but expiring, with the date said', async (t) => {
  const result = await makeHttpProbe()(check({ tlsExpiryWarningDays: 7 }), limits);
  t.is(result.status, 'up');
  t.true(result.tlsExpiring);
  t.regex(result.message ?? '', /^TLS certificate ends in 3 days \(\d{4}-\d{2}-\d{2}\)$/);
});

test('outside the warning days it is up and not expiring', async (t) => {
  const result = await makeHttpProbe()(check({ tlsExpiryWarningDays: 2 }), limits);
  t.is(result.status, 'up');
  t.false(result.tlsExpiring);
  t.is(result.message, null);
});

test('a certificate that has ended is said so, by the clock the probe is given', async (t) => {
  const later = makeHttpProbe({ now: () => startedAt + 4 * DAY_MS });
  const result = await later(check({ tlsExpiryWarningDays: 7 }), limits);
  t.true(result.tlsExpiring);
  t.regex(result.message ?? '', /^TLS certificate expired on \d{4}-\d{2}-\d{2}$/);
});

test('a failing https target still reports its certificate', async (t) => {
  const result = await makeHttpProbe()(check({ url: `${target.url}/status/500` }), limits);
  t.is(result.status, 'down');
  t.is(typeof result.tlsValidTo, 'string');
});
