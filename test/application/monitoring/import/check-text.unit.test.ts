import test from 'ava';
import { parseChecks } from '../../../../application/monitoring/import/index.ts';

const parsed = (cell: string, host = 'db1.corp.example') => {
  const result = parseChecks(cell, host);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.checks.map((check) => check.definition);
};
const refusal = (cell: string) => {
  const result = parseChecks(cell, 'db1.corp.example');
  return result.ok ? null : result.message;
};

test('reads the compact forms: tcp, http by URL or kind, ping, dns, push, by ; or line', (t) => {
  t.deepEqual(parsed('tcp:5432; http:https://db1/health; ping\ndns; push'), [
    { kind: 'tcp', port: 5432 },
    {
      kind: 'http',
      url: 'https://db1/health',
      method: 'GET',
      expectStatus: { min: 200, max: 299 },
      ignoreTlsErrors: false,
    },
    { kind: 'ping' },
    { kind: 'dns', recordType: 'A' },
    { kind: 'push' },
  ]);
  t.deepEqual(parsed('https://db1/health'), parsed('http:https://db1/health'));
});

test('reads options, a quoted value keeping its spaces and semicolons', (t) => {
  t.like(parsed('https://db1/ status=200-399 keyword="all good; really" tls=14 insecure')[0], {
    expectStatus: { min: 200, max: 399 },
    keyword: 'all good; really',
    tlsExpiryWarningDays: 14,
    ignoreTlsErrors: true,
  });
  t.like(parsed('https://db1/status json=status.db equals=ok')[0], {
    json: { path: 'status.db', equals: 'ok' },
  });
  t.deepEqual(parsed('dns:db.corp.example type=AAAA expect=::1')[0], {
    kind: 'dns',
    recordType: 'AAAA',
    host: 'db.corp.example',
    expectAddress: '::1',
  });
  t.like(parsed('HTTP:https://db1/ method=head')[0], { method: 'HEAD' });
});

test('refuses a port out of range, naming the check as written', (t) => {
  t.is(refusal('ping; tcp:70000'), '"tcp:70000": port must be a whole number from 1 to 65535');
  t.regex(refusal('tcp:0') ?? '', /port must be a whole number from 1 to 65535/);
  t.regex(refusal('tcp:http') ?? '', /port must be/);
  t.regex(refusal('tcp') ?? '', /needs a port/);
});

test('refuses an unknown check kind and unknown options', (t) => {
  t.is(refusal('icmp'), '"icmp": "icmp" is not a check kind (tcp, http, ping, dns, push)');
  t.regex(refusal('tcp:22 every=5') ?? '', /takes no options/);
  t.regex(refusal('https://db1/ colour=red') ?? '', /colour is not an option/);
  t.regex(refusal('ping:8.8.8.8') ?? '', /takes no argument/);
});

test('refuses a keyword over 1 KiB (counted in UTF-8 bytes) and takes one at the bound', (t) => {
  const cyrillic = 'я'.repeat(513); // 1026 bytes
  t.regex(refusal(`https://db1/ keyword="${cyrillic}"`) ?? '', /keyword must be 1 to 1024 bytes/);
  t.like(parsed(`https://db1/ keyword=${'k'.repeat(1024)}`)[0], { keyword: 'k'.repeat(1024) });
  t.is(refusal(`https://db1/ keyword="${'k'.repeat(1025)}"`)?.startsWith('"https://db1/ keyword='), true);
});

test('refuses what the domain refuses: a URL with credentials, HEAD with a keyword, a bad DNS answer', (t) => {
  t.regex(refusal('https://user:secret@db1/') ?? '', /must not carry credentials/);
  t.regex(refusal('https://db1/ method=HEAD keyword=OK') ?? '', /method must be GET/);
  t.regex(refusal('dns expect=10.0.0.300') ?? '', /not an IPv4 address/);
  t.regex(refusal('https://db1/ status=700') ?? '', /expectStatus/);
});
