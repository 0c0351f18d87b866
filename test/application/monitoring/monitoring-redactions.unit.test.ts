import test from 'ava';
import { REDACTED, redactEventData } from '../../../application/audit/index.ts';

const digest = 'a'.repeat(64);
const timing = {
  intervalSeconds: 60,
  timeoutSeconds: 10,
  retries: 0,
  retryIntervalSeconds: 20,
  resendIntervalSeconds: 0,
};

test('hides a push check’s token digest from every role, and shows the other checks as they are', (t) => {
  const tcp = { checkId: 'c1', definition: { kind: 'tcp', host: 'db01', port: 22 }, timing };
  const push = { checkId: 'c2', definition: { kind: 'push', tokenDigest: digest }, timing };
  const data = {
    serverId: 's1',
    name: 'db',
    host: 'db01',
    groupId: null,
    parentId: null,
    checks: [tcp, push],
  };
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    t.deepEqual(redactEventData('ServerRegistered', data, role), {
      ...data,
      checks: [tcp, { ...push, definition: { kind: 'push', tokenDigest: REDACTED } }],
    });
    t.deepEqual(redactEventData('CheckAdded', { serverId: 's1', check: push }, role), {
      serverId: 's1',
      check: { ...push, definition: { kind: 'push', tokenDigest: REDACTED } },
    });
  }
});

test('shows a group’s alert route and an incident as stored', (t) => {
  const routed = { groupId: 'g1', from: null, to: { chatId: -1001, messageThreadId: 7 } };
  t.deepEqual(redactEventData('ServerGroupAlertsRouted', routed, 'viewer'), routed);
});
