import test from 'ava';
import type dns from 'node:dns';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createProbe,
  makeHttpProbe,
  makeTcpProbe,
  parseHostsFile,
  systemNameLookup,
} from '../../../../infrastructure/monitoring/probes/index.ts';
import { startHttpTarget } from '../../../support/monitoring-targets/http-target.ts';
import { startTcpTarget } from '../../../support/monitoring-targets/tcp-target.ts';
import { captureLogger } from '../../../support/capture-logger.ts';

const limits = { timeoutMs: 300, maxBodyBytes: 65_536, maxRedirects: 5 };

/** getaddrinfo as it behaves for a zone whose name server drops packets: it returns only when told to. */
function hangingResolver() {
  const pending: { host: string; settle: (found: readonly dns.LookupAddress[]) => void }[] = [];
  const waiters: { count: number; arrived: () => void }[] = [];
  return {
    pending,
    /** Resolves once `count` calls have arrived. */
    called: (count: number) =>
      new Promise<void>((arrived) => {
        if (pending.length >= count) arrived();
        else waiters.push({ count, arrived });
      }),
    resolve: (host: string) =>
      new Promise<readonly dns.LookupAddress[]>((settle) => {
        pending.push({ host, settle });
        for (const waiter of waiters) if (pending.length >= waiter.count) waiter.arrived();
      }),
  };
}

async function hostsFile(t: { teardown(fn: () => Promise<void>): void }, text: string) {
  const directory = await mkdtemp(path.join(tmpdir(), 'tbot-hosts-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const file = path.join(directory, 'hosts');
  await writeFile(file, text);
  return file;
}

test('hung lookups hold at most the bound of getaddrinfo calls, each caller gives up at its own signal', async (t) => {
  const hanging = hangingResolver();
  const lookup = systemNameLookup({ maxInFlight: 2, resolve: hanging.resolve, hostsFile: '/nonexistent' });
  const callers = Array.from({ length: 5 }, () => new AbortController());
  const answers = callers.map((caller, i) => lookup(`hung-${i}.example`, 0, caller.signal));
  await hanging.called(2);
  t.deepEqual(
    hanging.pending.map((call) => call.host),
    ['hung-0.example', 'hung-1.example'],
  );
  for (const caller of callers) caller.abort(new Error('timed out after 300 ms'));
  for (const answer of answers) await t.throwsAsync(answer, { message: 'timed out after 300 ms' });

  // The abandoned calls still run: a new name waits for a place instead of taking a third thread.
  const later = new AbortController();
  const waiting = lookup('later.example', 4, later.signal);
  t.is(hanging.pending.length, 2);
  hanging.pending[0]?.settle([]);
  await hanging.called(3);
  t.deepEqual(
    hanging.pending.map((call) => call.host),
    ['hung-0.example', 'hung-1.example', 'later.example'],
  );
  hanging.pending[2]?.settle([{ address: '192.0.2.7', family: 4 }]);
  t.deepEqual(await waiting, [{ address: '192.0.2.7', family: 4 }]);
});

test('IP literals and hosts-file names are answered while every place hangs', async (t) => {
  const hanging = hangingResolver();
  const file = await hostsFile(
    t,
    '# comment\n127.0.0.1 localhost Target.Test # inline\n::1 localhost six.test\n',
  );
  const lookup = systemNameLookup({ maxInFlight: 1, resolve: hanging.resolve, hostsFile: file });
  const signal = new AbortController().signal;
  void lookup('hung.example', 0, signal).catch(() => undefined);
  t.deepEqual(await lookup('10.1.2.3', 0, signal), [{ address: '10.1.2.3', family: 4 }]);
  t.deepEqual(await lookup('10.1.2.3', 6, signal), []);
  t.deepEqual(await lookup('target.test.', 0, signal), [{ address: '127.0.0.1', family: 4 }]);
  t.deepEqual(await lookup('localhost', 6, signal), [{ address: '::1', family: 6 }]);
  t.deepEqual(await lookup('localhost', 0, signal), [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ]);
  t.is(hanging.pending.length, 1);
});

test('a name with no address is ENOTFOUND', async (t) => {
  const lookup = systemNameLookup({ resolve: () => Promise.resolve([]), hostsFile: '/nonexistent' });
  await t.throwsAsync(lookup('gone.example', 0, new AbortController().signal), { code: 'ENOTFOUND' });
});

test('the hosts file parser keeps every address of a name once and skips what is not an address', (t) => {
  const names = parseHostsFile('127.0.0.1 a b\n127.0.0.1 a\nnot-an-ip c\n  \n::1 A\n');
  t.deepEqual(names.get('a'), [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ]);
  t.false(names.has('c'));
});

test('TCP and HTTP checks of names that hang time out, and a check by a hosts-file name is still up', async (t) => {
  const tcpTarget = await startTcpTarget();
  t.teardown(() => tcpTarget.close());
  const httpTarget = await startHttpTarget();
  t.teardown(() => httpTarget.close());
  const httpPort = new URL(httpTarget.url).port;
  const hanging = hangingResolver();
  const file = await hostsFile(t, '127.0.0.1 target.test\n');
  const lookup = systemNameLookup({ maxInFlight: 2, resolve: hanging.resolve, hostsFile: file });
  const tcp = makeTcpProbe({ lookup });
  const http = makeHttpProbe({ lookup });

  const hung = await Promise.all(
    Array.from({ length: 6 }, (_, i) => tcp({ kind: 'tcp', host: `hung-${i}.example`, port: 80 }, limits)),
  );
  for (const result of hung)
    t.deepEqual(result, { status: 'down', latencyMs: null, message: 'timed out after 300 ms' });
  t.is(hanging.pending.length, 2, 'two getaddrinfo calls at most, the rest gave up waiting');

  const byName = { ...limits, timeoutMs: 5_000 };
  t.is((await tcp({ kind: 'tcp', host: 'target.test', port: tcpTarget.port }, byName)).status, 'up');
  const page = await http(
    {
      kind: 'http',
      url: `http://target.test:${httpPort}/health`,
      method: 'GET',
      ignoreTlsErrors: false,
      expectStatus: { min: 200, max: 299 },
    },
    byName,
  );
  t.is(page.status, 'up', page.message ?? '');
});

test('the node-wide probe resolves localhost through the system lookup', async (t) => {
  const target = await startTcpTarget();
  t.teardown(() => target.close());
  const probe = createProbe({ logger: captureLogger() });
  const result = await probe.run(
    { kind: 'tcp', host: 'localhost', port: target.port },
    { ...limits, timeoutMs: 5_000 },
  );
  t.is(result.status, 'up', result.message ?? '');
});
