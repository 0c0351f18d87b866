import test from 'ava';
import type { HttpCheck } from '../../../../domain/monitoring/check-definition.ts';
import { makeHttpProbe } from '../../../../infrastructure/monitoring/probes/index.ts';
import { startHttpTarget, type HttpTarget } from '../../../support/monitoring-targets/http-target.ts';

const limits = { timeoutMs: 2_000, maxBodyBytes: 65_536, maxRedirects: 5 };
const probe = makeHttpProbe();
let target: HttpTarget;

test.before(async () => {
  target = await startHttpTarget();
});
test.after.always(() => target.close());

const check = (path: string, more: Partial<HttpCheck> = {}): HttpCheck => ({
  kind: 'http',
  url: `${target.url}${path}`,
  method: 'GET',
  expectStatus: { min: 200, max: 299 },
  ignoreTlsErrors: false,
  ...more,
});

test('a server that starts failing goes from up to down with its status, and back', async (t) => {
  const own = await startHttpTarget(); // its own: the other tests run meanwhile against a healthy one
  t.teardown(() => own.close());
  const health = check('/health', { url: `${own.url}/health` });
  const before = await probe(health, limits);
  t.is(before.status, 'up');
  t.is(before.message, null);
  t.true(typeof before.latencyMs === 'number');
  t.is(before.tlsValidTo, undefined, 'plain http has no certificate');

  own.fail();
  const failing = await probe(health, limits);
  t.is(failing.status, 'down');
  t.is(failing.message, 'status 503 (expected 200..299)');
  t.true(typeof failing.latencyMs === 'number', 'the server answered: its latency counts');

  own.recover();
  t.is((await probe(health, limits)).status, 'up');
});

test('an expected range other than 2xx is honoured, a 3xx in it is not followed', async (t) => {
  t.is((await probe(check('/status/404', { expectStatus: { min: 404, max: 404 } }), limits)).status, 'up');
  const redirectExpected = await probe(check('/loop', { expectStatus: { min: 302, max: 302 } }), limits);
  t.is(redirectExpected.status, 'up');
  t.is(target.requests('/loop'), 1);
  t.is(
    (await probe(check('/status/200', { expectStatus: { min: 500, max: 599 } }), limits)).message,
    'status 200 (expected 500..599)',
  );
});

test('a keyword in the body is up; a missing one is down and named', async (t) => {
  t.is((await probe(check('/text', { keyword: 'All systems nominal' }), limits)).status, 'up');
  t.deepEqual(
    { ...(await probe(check('/text', { keyword: 'Outage' }), limits)), latencyMs: null },
    { status: 'down', latencyMs: null, message: 'keyword "Outage" not found' },
  );
});

test('a JSON path expectation reads objects and arrays, and compares as text', async (t) => {
  const json = (path: string, equals?: string) =>
    probe(check('/json', { json: equals === undefined ? { path } : { path, equals } }), limits);
  t.is((await json('status.db', 'ok')).status, 'up');
  t.is((await json('items.0.state', 'ready')).status, 'up');
  t.is((await json('count', '3')).status, 'up');
  t.is((await json('status.queue')).status, 'up', 'no value expected: the path must exist');
  t.is((await json('status.queue', 'ok')).message, 'JSON status.queue is degraded (expected ok)');
  t.is((await json('items.1.state')).message, 'JSON path items.1.state not found');
  t.is((await probe(check('/text', { json: { path: 'a' } }), limits)).message, 'the answer is not JSON');
});

test('a redirect chain within the limit is followed; a loop is down as too many redirects', async (t) => {
  t.is((await probe(check('/redirect/3'), limits)).status, 'up');
  const before = target.requests('/loop');
  const loop = await probe(check('/loop'), limits);
  t.is(loop.status, 'down');
  t.is(loop.message, 'too many redirects (more than 5)');
  t.is(target.requests('/loop') - before, 6, 'the first request and five redirects, no more');
  t.is(
    (await probe(check('/redirect/3'), { ...limits, maxRedirects: 2 })).message,
    'too many redirects (more than 2)',
  );
});

test('a server that hangs is down at the timeout, with nothing answered', async (t) => {
  t.deepEqual(await probe(check('/hang'), { ...limits, timeoutMs: 300 }), {
    status: 'down',
    latencyMs: null,
    message: 'timed out after 300 ms',
  });
});

test('a server that stalls mid-body is down at the timeout, the body never judged', async (t) => {
  const result = await probe(check('/stall', { keyword: 'complete' }), { ...limits, timeoutMs: 300 });
  t.deepEqual(result, { status: 'down', latencyMs: null, message: 'timed out after 300 ms' });
});

test('a connection dropped mid-body is down with that reason', async (t) => {
  const result = await probe(check('/reset', { keyword: 'complete' }), limits);
  t.is(result.status, 'down');
  t.is(result.message, 'body: connection reset by the target (ECONNRESET)');
});

test('a gigabyte body is cut at the size limit: a keyword past it is down with that reason', async (t) => {
  const sentBefore = target.gigabyteBytesSent();
  const result = await probe(check('/gigabyte', { keyword: 'never in the stream' }), limits);
  t.is(result.status, 'down');
  t.is(
    result.message,
    'keyword "never in the stream" not found in the first 65536 bytes (body cut at the size limit)',
  );
  const sent = target.gigabyteBytesSent() - sentBefore;
  t.true(
    sent < 64 * 1024 * 1024,
    `the server wrote ${sent} bytes before the probe hung up, far from a gigabyte`,
  );
});

test('a gigabyte body is down with the cut said, even when its start holds the keyword', async (t) => {
  const result = await probe(check('/gigabyte', { keyword: 'TBotTBot' }), limits);
  t.is(result.status, 'down');
  t.is(result.message, 'body larger than 65536 bytes (cut)');
});

test('without a body expectation the body is not read at all', async (t) => {
  const sentBefore = target.gigabyteBytesSent();
  t.is((await probe(check('/gigabyte'), limits)).status, 'up');
  t.true(target.gigabyteBytesSent() - sentBefore < 64 * 1024 * 1024);
});

test('a refused port, an unknown host and a URL that is not http are down with the reason', async (t) => {
  const refused = await probe(check('', { url: 'http://127.0.0.1:1/' }), limits);
  t.deepEqual(refused, { status: 'down', latencyMs: null, message: 'connection refused (ECONNREFUSED)' });
  const unknown = await probe(check('', { url: 'http://no-such-host.invalid/' }), limits);
  t.regex(unknown.message ?? '', /unknown host \(ENOTFOUND\)|EAI_AGAIN/);
  t.is((await probe(check('', { url: 'ftp://127.0.0.1/' }), limits)).message, 'not an http(s) URL');
});

test('HEAD asks for the head only', async (t) => {
  t.is((await probe(check('/health', { method: 'HEAD' }), limits)).status, 'up');
});
