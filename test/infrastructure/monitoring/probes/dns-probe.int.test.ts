import test from 'ava';
import type { DnsCheck } from '../../../../domain/monitoring/check-definition.ts';
import { makeDnsProbe } from '../../../../infrastructure/monitoring/probes/index.ts';
import { startDnsServer, type DnsServer } from '../../../support/monitoring-targets/dns-server.ts';

const limits = { timeoutMs: 2_000, maxBodyBytes: 65_536, maxRedirects: 5 };
let server: DnsServer;

test.before(async () => {
  server = await startDnsServer(
    {
      'db1.corp.test': { A: ['10.1.2.3', '10.1.2.4'], AAAA: ['2001:db8::1'] },
      'v4only.corp.test': { A: ['10.9.9.9'] },
    },
    ['hangs.corp.test'],
  );
});
test.after.always(() => server.close());

const dns = (host: string, more: Partial<DnsCheck> = {}): DnsCheck => ({
  kind: 'dns',
  host,
  recordType: 'A',
  ...more,
});
const local = () => makeDnsProbe({ servers: [server.address] });

test('a name the server knows is up, with or without an expected address', async (t) => {
  const probe = local();
  const any = await probe(dns('db1.corp.test'), limits);
  t.is(any.status, 'up');
  t.is(any.message, null);
  t.true(typeof any.latencyMs === 'number');
  t.is((await probe(dns('db1.corp.test', { expectAddress: '10.1.2.4' }), limits)).status, 'up');
  t.is(
    (await probe(dns('DB1.corp.test', { expectAddress: '10.1.2.3' }), limits)).status,
    'up',
    'names are case-blind',
  );
});

test('AAAA compares addresses however they are spelt', async (t) => {
  const result = await local()(
    dns('db1.corp.test', { recordType: 'AAAA', expectAddress: '2001:DB8:0:0::1' }),
    limits,
  );
  t.is(result.status, 'up');
});

test('an answer without the expected address is down and lists what came back', async (t) => {
  const result = await local()(dns('db1.corp.test', { expectAddress: '10.1.2.99' }), limits);
  t.is(result.status, 'down');
  t.is(result.message, 'db1.corp.test resolves to 10.1.2.3, 10.1.2.4, not 10.1.2.99');
  t.true(typeof result.latencyMs === 'number', 'the server answered');
});

test('a name the server does not know, or one without that record type, is down', async (t) => {
  const probe = local();
  const unknown = await probe(dns('nope.corp.test'), limits);
  t.is(unknown.status, 'down');
  t.is(unknown.message, 'A nope.corp.test: unknown host (ENOTFOUND)');
  const noAaaa = await probe(dns('v4only.corp.test', { recordType: 'AAAA' }), limits);
  t.is(noAaaa.status, 'down');
  t.is(noAaaa.message, 'AAAA v4only.corp.test: no such record (ENODATA)');
});

test('a server that never answers is down at the timeout', async (t) => {
  const before = server.queries();
  const result = await local()(dns('hangs.corp.test'), { ...limits, timeoutMs: 300 });
  t.deepEqual(result, { status: 'down', latencyMs: null, message: 'timed out after 300 ms' });
  t.true(server.queries() > before, 'the question did reach the server');
});

test('the system resolver answers localhost from the hosts file', async (t) => {
  const system = makeDnsProbe();
  t.is((await system(dns('localhost', { expectAddress: '127.0.0.1' }), limits)).status, 'up');
  const unknown = await system(dns('no-such-host.invalid'), limits);
  t.is(unknown.status, 'down');
  t.regex(unknown.message ?? '', /^A no-such-host\.invalid: /);
});
