import test from 'ava';
import {
  type CheckSpec,
  type CheckSpecInput,
  type CheckTiming,
  MAX_SERVERS_PER_GROUP,
  MAX_SERVER_DEPTH,
  type ServerCommand,
  type ServerEvent,
  serverDecider,
} from '../../../domain/monitoring/index.ts';
import type { DomainErrorCode } from '../../../domain/shared/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(serverDecider);
const serverId = 'b0000000-0000-4000-8000-000000000001';
const parentId = 'b0000000-0000-4000-8000-000000000002';
const groupId = 'a0000000-0000-4000-8000-000000000001';
const tcpId = 'c0000000-0000-4000-8000-000000000001';
const httpId = 'c0000000-0000-4000-8000-000000000002';
const command = <C extends ServerCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;

const timing: CheckTiming = {
  intervalSeconds: 60,
  timeoutSeconds: 10,
  retries: 2,
  retryIntervalSeconds: 20,
  resendIntervalSeconds: 1800,
};
const tcpInput: CheckSpecInput = { checkId: tcpId, definition: { kind: 'tcp', port: 5432 }, timing };
const tcp: CheckSpec = {
  checkId: tcpId,
  definition: { kind: 'tcp', host: 'db01.corp.local', port: 5432 },
  timing,
};
const httpInput: CheckSpecInput = {
  checkId: httpId,
  definition: {
    kind: 'http',
    url: 'https://db01.corp.local/health',
    method: 'GET',
    expectStatus: { min: 200, max: 299 },
    keyword: 'ok',
    tlsExpiryWarningDays: 14,
    ignoreTlsErrors: false,
  },
  timing,
};
const registration = (checks: readonly CheckSpecInput[] = [tcpInput], host = ' DB01.corp.local ') =>
  command('RegisterServer', {
    serverId,
    name: 'БД бухгалтерии',
    host,
    group: { groupId, status: 'active' },
    parent: null,
    checks,
  });
const registered: ServerEvent = {
  type: 'ServerRegistered',
  data: {
    serverId,
    name: 'БД бухгалтерии',
    host: 'db01.corp.local',
    groupId,
    parentId: null,
    checks: [tcp],
  },
};

const refuses = (t: Parameters<typeof spec>[0], input: CheckSpecInput, code: DomainErrorCode) =>
  spec(t)
    .given([])
    .when(registration([input]))
    .thenThrows(code);

test('registers a server with its checks, copying its host into the TCP check', (t) => {
  spec(t).given([]).when(registration()).then([registered]);
});

test('accepts an IPv4 or IPv6 address as the host', (t) => {
  for (const host of ['10.0.0.5', '::1', 'fe80::1', 'localhost']) {
    const [event] = serverDecider.decide(registration([tcpInput], host), serverDecider.initialState());
    t.is(event?.type === 'ServerRegistered' ? event.data.host : null, host);
  }
});

test('refuses a host that is neither a name nor an address', (t) => {
  for (const host of ['', 'db 01', 'db_01..corp', '10.0.0.300', '-db.corp', 'a'.repeat(64) + '.corp']) {
    spec(t)
      .given([])
      .when(registration([tcpInput], host))
      .thenThrows('SERVER.INVALID_HOST');
  }
});

test('refuses a server without checks and two checks with one id', (t) => {
  spec(t).given([]).when(registration([])).thenThrows('SERVER.NO_CHECKS');
  spec(t)
    .given([])
    .when(registration([tcpInput, tcpInput]))
    .thenThrows('CHECK.ALREADY_EXISTS');
});

test('refuses a port out of 1..65535, naming the field', (t) => {
  for (const port of [0, 65536, 80.5, -1]) {
    refuses(t, { ...tcpInput, definition: { kind: 'tcp', port } }, 'CHECK.INVALID_PORT');
  }
  const error = t.throws(() =>
    serverDecider.decide(
      registration([httpInput, { ...tcpInput, definition: { kind: 'tcp', port: 0 } }]),
      serverDecider.initialState(),
    ),
  );
  t.like(error, { context: { field: 'checks.1.definition.port' } });
});

test('refuses an interval outside 10..3600 s and a timeout not below it', (t) => {
  for (const intervalSeconds of [9, 3601, 30.5]) {
    refuses(t, { ...tcpInput, timing: { ...timing, intervalSeconds } }, 'CHECK.INVALID_INTERVAL');
  }
  refuses(t, { ...tcpInput, timing: { ...timing, timeoutSeconds: 60 } }, 'CHECK.INVALID_TIMEOUT');
  refuses(t, { ...tcpInput, timing: { ...timing, timeoutSeconds: 20 } }, 'CHECK.INVALID_TIMEOUT');
  refuses(t, { ...tcpInput, timing: { ...timing, timeoutSeconds: 0 } }, 'CHECK.INVALID_TIMEOUT');
  refuses(t, { ...tcpInput, timing: { ...timing, retries: 11 } }, 'CHECK.INVALID_RETRIES');
  refuses(
    t,
    { ...tcpInput, timing: { ...timing, resendIntervalSeconds: 30 } },
    'CHECK.INVALID_RESEND_INTERVAL',
  );
});

test('refuses a URL that is not http(s), a keyword over 1 KiB, a bad status range or JSON path', (t) => {
  const http = (change: object) =>
    ({ ...httpInput, definition: { ...httpInput.definition, ...change } }) as CheckSpecInput;
  for (const url of [
    'ftp://db01/',
    'file:///etc/passwd',
    'db01/health',
    'http://bad host/',
    'http://a..b/',
  ]) {
    refuses(t, http({ url }), 'CHECK.INVALID_URL');
  }
  // 1 KiB in UTF-8: 512 Cyrillic letters fit, 513 do not.
  refuses(t, http({ keyword: 'ж'.repeat(513) }), 'CHECK.INVALID_KEYWORD');
  refuses(t, http({ keyword: '' }), 'CHECK.INVALID_KEYWORD');
  refuses(t, http({ keyword: 'ok\u0000' }), 'CHECK.INVALID_KEYWORD');
  refuses(t, http({ expectStatus: { min: 300, max: 200 } }), 'CHECK.INVALID_STATUS_RANGE');
  refuses(t, http({ expectStatus: { min: 200, max: 600 } }), 'CHECK.INVALID_STATUS_RANGE');
  refuses(t, http({ json: { path: 'status..db' } }), 'CHECK.INVALID_JSON_PATH');
  refuses(t, http({ url: 'http://db01/', tlsExpiryWarningDays: 14 }), 'CHECK.INVALID_TLS_WARNING');
  const [event] = serverDecider.decide(
    registration([http({ keyword: 'ж'.repeat(512), json: { path: 'items.0.state', equals: ' ok' } })]),
    serverDecider.initialState(),
  );
  t.like(event?.type === 'ServerRegistered' ? event.data.checks[0]?.definition : null, {
    kind: 'http',
    json: { path: 'items.0.state', equals: ' ok' },
  });
});

test('checks a DNS check’s expected address against its record type', (t) => {
  const dns = (recordType: 'A' | 'AAAA', expectAddress: string): CheckSpecInput => ({
    ...tcpInput,
    definition: { kind: 'dns', recordType, expectAddress },
  });
  refuses(t, dns('A', '::1'), 'CHECK.INVALID_ADDRESS');
  refuses(t, dns('AAAA', '10.0.0.1'), 'CHECK.INVALID_ADDRESS');
  const [event] = serverDecider.decide(registration([dns('A', '10.0.0.1')]), serverDecider.initialState());
  t.deepEqual(event?.type === 'ServerRegistered' ? event.data.checks[0]?.definition : null, {
    kind: 'dns',
    host: 'db01.corp.local',
    recordType: 'A',
    expectAddress: '10.0.0.1',
  });
});

test('renames and moves to another host; the TCP check follows the host, the HTTP check stays', (t) => {
  const withHttp: ServerEvent = {
    ...registered,
    data: {
      ...registered.data,
      checks: [tcp, { ...httpInput, definition: httpInput.definition } as CheckSpec],
    },
  };
  const [renamed, moved] = serverDecider.decide(
    command('ChangeServer', { serverId, name: 'БД-1', host: 'db02.corp.local' }),
    serverDecider.evolve(serverDecider.initialState(), withHttp),
  );
  t.deepEqual(renamed, { type: 'ServerRenamed', data: { serverId, from: 'БД бухгалтерии', to: 'БД-1' } });
  t.like(moved, { type: 'ServerHostChanged', data: { from: 'db01.corp.local', to: 'db02.corp.local' } });
  const checks = moved?.type === 'ServerHostChanged' ? moved.data.checks : [];
  t.like(checks[0]?.definition, { kind: 'tcp', host: 'db02.corp.local' });
  t.like(checks[1]?.definition, { kind: 'http', url: 'https://db01.corp.local/health' });
  spec(t)
    .given([registered])
    .when(command('ChangeServer', { serverId, host: 'DB01.corp.local' }))
    .then([]);
});

test('given a server, when one change names a new name, group and parent, it records all of them in one decision', (t) => {
  const otherId = 'a0000000-0000-4000-8000-000000000002';
  const parent = { serverId: parentId, status: 'active' as const, ancestorIds: [] };
  const change = { serverId, name: 'БД-1', group: { groupId: otherId, status: 'active' as const }, parent };
  spec(t)
    .given([registered])
    .when(command('ChangeServer', change))
    .then([
      { type: 'ServerRenamed', data: { serverId, from: 'БД бухгалтерии', to: 'БД-1' } },
      { type: 'ServerMovedToGroup', data: { serverId, from: groupId, to: otherId } },
      { type: 'ServerParentChanged', data: { serverId, from: null, to: parentId } },
    ]);
  spec(t)
    .given([registered])
    .when(command('ChangeServer', { serverId, name: 'БД бухгалтерии', group: null, parent: null }))
    .then([{ type: 'ServerMovedToGroup', data: { serverId, from: groupId, to: null } }]);
});

test('given a server, when one change renames it and names a refused parent or group, nothing is recorded (G12)', (t) => {
  const cyclic = { serverId: parentId, status: 'active' as const, ancestorIds: [serverId] };
  spec(t)
    .given([registered])
    .when(command('ChangeServer', { serverId, name: 'БД-1', host: 'db02.corp.local', parent: cyclic }))
    .thenThrows('SERVER.PARENT_CYCLE');
  const removed = { groupId: 'a0000000-0000-4000-8000-000000000002', status: 'removed' as const };
  spec(t)
    .given([registered])
    .when(command('ChangeServer', { serverId, name: 'БД-1', group: removed }))
    .thenThrows('SERVER_GROUP.REMOVED');
  const full = {
    groupId: 'a0000000-0000-4000-8000-000000000002',
    status: 'active' as const,
    servers: MAX_SERVERS_PER_GROUP,
  };
  spec(t)
    .given([registered])
    .when(command('ChangeServer', { serverId, name: 'БД-1', group: full }))
    .thenThrows('SERVER_GROUP.FULL');
  spec(t)
    .given([registered])
    .when(command('ChangeServer', { serverId, name: '', parent: null }))
    .thenThrows('SERVER.INVALID_NAME');
});

test('adds, changes and removes a check; the last one stays', (t) => {
  const http = { ...httpInput.definition } as CheckSpec['definition'];
  const added: ServerEvent = {
    type: 'CheckAdded',
    data: { serverId, check: { checkId: httpId, definition: http, timing } },
  };
  spec(t)
    .given([registered])
    .when(command('AddCheck', { serverId, check: httpInput }))
    .then([added]);
  spec(t)
    .given([registered])
    .when(command('AddCheck', { serverId, check: tcpInput }))
    .thenThrows('CHECK.ALREADY_EXISTS');
  spec(t)
    .given([registered])
    .when(
      command('ChangeCheck', { serverId, checkId: tcpId, definition: { kind: 'tcp', port: 5433 }, timing }),
    )
    .then([
      {
        type: 'CheckChanged',
        data: {
          serverId,
          check: { ...tcp, definition: { ...tcp.definition, port: 5433 } as CheckSpec['definition'] },
        },
      },
    ]);
  spec(t)
    .given([registered])
    .when(
      command('ChangeCheck', { serverId, checkId: tcpId, definition: { kind: 'tcp', port: 5432 }, timing }),
    )
    .then([]);
  spec(t)
    .given([registered])
    .when(command('ChangeCheck', { serverId, checkId: httpId, definition: { kind: 'ping' }, timing }))
    .thenThrows('CHECK.NOT_FOUND');
  spec(t)
    .given([registered])
    .when(command('RemoveCheck', { serverId, checkId: tcpId }))
    .thenThrows('SERVER.NO_CHECKS');
  spec(t)
    .given([registered, added])
    .when(command('RemoveCheck', { serverId, checkId: tcpId }))
    .then([{ type: 'CheckRemoved', data: { serverId, checkId: tcpId } }]);
});

test('pauses and resumes once each', (t) => {
  const paused: ServerEvent = { type: 'ServerPaused', data: { serverId } };
  spec(t).given([registered]).when(command('PauseServer', { serverId })).then([paused]);
  spec(t).given([registered, paused]).when(command('PauseServer', { serverId })).then([]);
  spec(t)
    .given([registered, paused])
    .when(command('ResumeServer', { serverId }))
    .then([{ type: 'ServerResumed', data: { serverId } }]);
  spec(t).given([registered]).when(command('ResumeServer', { serverId })).then([]);
});

test('moves to another active group or out of any, never into a removed one', (t) => {
  const otherId = 'a0000000-0000-4000-8000-000000000002';
  spec(t)
    .given([registered])
    .when(command('MoveServerToGroup', { serverId, group: { groupId: otherId, status: 'active' } }))
    .then([{ type: 'ServerMovedToGroup', data: { serverId, from: groupId, to: otherId } }]);
  spec(t)
    .given([registered])
    .when(command('MoveServerToGroup', { serverId, group: null }))
    .then([{ type: 'ServerMovedToGroup', data: { serverId, from: groupId, to: null } }]);
  spec(t)
    .given([registered])
    .when(command('MoveServerToGroup', { serverId, group: { groupId: otherId, status: 'removed' } }))
    .thenThrows('SERVER_GROUP.REMOVED');
});

test('depends on a parent, refusing itself, a cycle, a missing parent and a chain too deep', (t) => {
  const parent = { serverId: parentId, status: 'active' as const, ancestorIds: [] };
  spec(t)
    .given([registered])
    .when(command('SetServerParent', { serverId, parent }))
    .then([{ type: 'ServerParentChanged', data: { serverId, from: null, to: parentId } }]);
  spec(t)
    .given([registered])
    .when(command('SetServerParent', { serverId, parent: { ...parent, serverId } }))
    .thenThrows('SERVER.PARENT_CYCLE');
  spec(t)
    .given([registered])
    .when(command('SetServerParent', { serverId, parent: { ...parent, ancestorIds: ['x', serverId] } }))
    .thenThrows('SERVER.PARENT_CYCLE');
  spec(t)
    .given([registered])
    .when(command('SetServerParent', { serverId, parent: { ...parent, status: 'none' } }))
    .thenThrows('SERVER.NOT_FOUND');
  const deep = Array.from({ length: MAX_SERVER_DEPTH - 1 }, (_, i) => `s${i}`);
  spec(t)
    .given([registered])
    .when(command('SetServerParent', { serverId, parent: { ...parent, ancestorIds: deep } }))
    .thenThrows('SERVER.TOO_DEEP');
});

test('is removed once with its checks, and refuses changes after', (t) => {
  const removed: ServerEvent = { type: 'ServerRemoved', data: { serverId, checkIds: [tcpId] } };
  spec(t).given([registered]).when(command('RemoveServer', { serverId })).then([removed]);
  spec(t).given([registered, removed]).when(command('RemoveServer', { serverId })).then([]);
  spec(t)
    .given([registered, removed])
    .when(command('PauseServer', { serverId }))
    .thenThrows('SERVER.REMOVED');
  spec(t).given([]).when(command('PauseServer', { serverId })).thenThrows('SERVER.NOT_FOUND');
});

const refusal = (input: CheckSpecInput) => {
  try {
    serverDecider.decide(registration([input]), serverDecider.initialState());
  } catch (error) {
    return error as { code?: string; context?: { field?: string }; message?: string };
  }
  return null;
};

test('given an HTTP check with method HEAD, when it expects a keyword or a JSON value, it is refused naming the method (F9)', (t) => {
  const head = (change: object) =>
    ({ ...httpInput, definition: { ...httpInput.definition, method: 'HEAD', ...change } }) as CheckSpecInput;
  for (const input of [
    head({ keyword: 'ok' }),
    head({ keyword: undefined, json: { path: 'status', equals: 'ok' } }),
  ]) {
    t.like(refusal(input), {
      code: 'CHECK.INVALID_METHOD',
      context: { field: 'checks.0.definition.method' },
    });
  }
  // HEAD without a body expectation is fine.
  t.is(refusal(head({ keyword: undefined })), null);
});

test('given an HTTP check whose URL carries credentials, it is refused naming the URL, and the secret is not echoed (F5)', (t) => {
  const withUrl = (url: string) =>
    ({ ...httpInput, definition: { ...httpInput.definition, url } }) as CheckSpecInput;
  for (const url of [
    'https://monitor:S3cret@db01.corp.local/health',
    'https://monitor@db01.corp.local/health',
    'http://:S3cret@db01.corp.local/',
  ]) {
    const error = refusal(withUrl(url));
    t.like(error, { code: 'CHECK.INVALID_URL', context: { field: 'checks.0.definition.url' } });
    t.false(JSON.stringify({ ...error?.context, message: error?.message }).includes('S3cret'));
  }
  spec(t)
    .given([])
    .when(registration([withUrl('https://monitor:S3cret@db01.corp.local/')]))
    .thenThrows('CHECK.INVALID_URL');
});

test('given a group holding the most servers it may, a server neither registers into it nor moves into it; one below, it does (F20)', (t) => {
  const otherId = 'a0000000-0000-4000-8000-000000000002';
  const full = { groupId: otherId, status: 'active', servers: MAX_SERVERS_PER_GROUP } as const;
  const room = { ...full, servers: MAX_SERVERS_PER_GROUP - 1 };
  spec(t)
    .given([])
    .when(command('RegisterServer', { ...registration().data, group: full }))
    .thenThrows('SERVER_GROUP.FULL');
  spec(t)
    .given([registered])
    .when(command('MoveServerToGroup', { serverId, group: full }))
    .thenThrows('SERVER_GROUP.FULL');
  spec(t)
    .given([registered])
    .when(command('MoveServerToGroup', { serverId, group: room }))
    .then([{ type: 'ServerMovedToGroup', data: { serverId, from: groupId, to: otherId } }]);
  const [event] = serverDecider.decide(
    command('RegisterServer', { ...registration().data, group: room }),
    serverDecider.initialState(),
  );
  t.is(event?.type, 'ServerRegistered');
});
