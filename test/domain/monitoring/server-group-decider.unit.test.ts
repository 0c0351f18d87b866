import test from 'ava';
import {
  type ServerGroupCommand,
  type ServerGroupEvent,
  isGroupDown,
  serverGroupDecider,
} from '../../../domain/monitoring/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(serverGroupDecider);
const groupId = 'a0000000-0000-4000-8000-000000000001';
const command = <C extends ServerGroupCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;
const created: ServerGroupEvent = {
  type: 'ServerGroupCreated',
  data: { groupId, name: 'Склад', statusRule: { kind: 'any' } },
};
const topic = { chatId: -1001234567890, messageThreadId: 42 };
const routed: ServerGroupEvent = {
  type: 'ServerGroupAlertsRouted',
  data: { groupId, from: null, to: topic },
};

test('creates a group with a trimmed name, DOWN when any server is down unless told otherwise', (t) => {
  spec(t)
    .given([])
    .when(command('CreateServerGroup', { groupId, name: ' Склад ' }))
    .then([created]);
  spec(t)
    .given([])
    .when(command('CreateServerGroup', { groupId, name: 'Склад', statusRule: { kind: 'atLeast', count: 2 } }))
    .then([
      {
        type: 'ServerGroupCreated',
        data: { groupId, name: 'Склад', statusRule: { kind: 'atLeast', count: 2 } },
      },
    ]);
});

test('refuses an empty, overlong or control-character name, and a second creation', (t) => {
  for (const name of ['', '  ', 'x'.repeat(101), 'a\u0007b']) {
    spec(t)
      .given([])
      .when(command('CreateServerGroup', { groupId, name }))
      .thenThrows('SERVER_GROUP.INVALID_NAME');
  }
  spec(t)
    .given([created])
    .when(command('CreateServerGroup', { groupId, name: 'Другой' }))
    .thenThrows('SERVER_GROUP.ALREADY_EXISTS');
});

test('renames, and records nothing for the same name', (t) => {
  spec(t)
    .given([created])
    .when(command('RenameServerGroup', { groupId, name: 'Склад №2' }))
    .then([{ type: 'ServerGroupRenamed', data: { groupId, from: 'Склад', to: 'Склад №2' } }]);
  spec(t)
    .given([created])
    .when(command('RenameServerGroup', { groupId, name: 'Склад ' }))
    .then([]);
});

test('routes alerts to a forum topic, then to the chat itself, then nowhere', (t) => {
  spec(t)
    .given([created])
    .when(command('RouteServerGroupAlerts', { groupId, route: topic }))
    .then([routed]);
  spec(t)
    .given([created, routed])
    .when(command('RouteServerGroupAlerts', { groupId, route: topic }))
    .then([]);
  const chat = { chatId: topic.chatId, messageThreadId: null };
  spec(t)
    .given([created, routed])
    .when(command('RouteServerGroupAlerts', { groupId, route: chat }))
    .then([{ type: 'ServerGroupAlertsRouted', data: { groupId, from: topic, to: chat } }]);
  spec(t)
    .given([created, routed])
    .when(command('RouteServerGroupAlerts', { groupId, route: null }))
    .then([{ type: 'ServerGroupAlertsRouted', data: { groupId, from: topic, to: null } }]);
});

test('refuses a chat id of 0 or a fraction, and a topic id that is not positive', (t) => {
  for (const route of [
    { chatId: 0, messageThreadId: null },
    { chatId: 1.5, messageThreadId: null },
    { chatId: -100, messageThreadId: 0 },
    { chatId: -100, messageThreadId: -3 },
  ]) {
    spec(t)
      .given([created])
      .when(command('RouteServerGroupAlerts', { groupId, route }))
      .thenThrows('SERVER_GROUP.INVALID_ALERT_ROUTE');
  }
});

test('sets quiet hours across midnight in a time zone, and refuses bad times and unknown zones', (t) => {
  const quietHours = { from: '22:00', until: '07:30', timeZone: 'Europe/Moscow' };
  spec(t)
    .given([created])
    .when(command('SetServerGroupQuietHours', { groupId, quietHours }))
    .then([{ type: 'ServerGroupQuietHoursSet', data: { groupId, from: null, to: quietHours } }]);
  for (const bad of [
    { ...quietHours, from: '24:00' },
    { ...quietHours, until: '7:30' },
    { ...quietHours, until: '22:00' },
    { ...quietHours, timeZone: 'Mars/Olympus' },
  ]) {
    spec(t)
      .given([created])
      .when(command('SetServerGroupQuietHours', { groupId, quietHours: bad }))
      .thenThrows('SERVER_GROUP.INVALID_QUIET_HOURS');
  }
});

test('sets the status rule, refusing at least 0 servers', (t) => {
  spec(t)
    .given([created])
    .when(command('SetServerGroupStatusRule', { groupId, statusRule: { kind: 'all' } }))
    .then([
      { type: 'ServerGroupStatusRuleSet', data: { groupId, from: { kind: 'any' }, to: { kind: 'all' } } },
    ]);
  spec(t)
    .given([created])
    .when(command('SetServerGroupStatusRule', { groupId, statusRule: { kind: 'any' } }))
    .then([]);
  spec(t)
    .given([created])
    .when(command('SetServerGroupStatusRule', { groupId, statusRule: { kind: 'atLeast', count: 0 } }))
    .thenThrows('SERVER_GROUP.INVALID_STATUS_RULE');
});

test('given no group, when it is created with a route and quiet hours, all three are recorded at once; a bad route creates nothing (G12)', (t) => {
  const quietHours = { from: '22:00', until: '07:30', timeZone: 'Europe/Moscow' };
  spec(t)
    .given([])
    .when(command('CreateServerGroup', { groupId, name: 'Склад', route: topic, quietHours }))
    .then([
      created,
      routed,
      { type: 'ServerGroupQuietHoursSet', data: { groupId, from: null, to: quietHours } },
    ]);
  spec(t)
    .given([])
    .when(command('CreateServerGroup', { groupId, name: 'Склад', route: null, quietHours: null }))
    .then([created]);
  spec(t)
    .given([])
    .when(
      command('CreateServerGroup', { groupId, name: 'Склад', route: { chatId: 0, messageThreadId: null } }),
    )
    .thenThrows('SERVER_GROUP.INVALID_ALERT_ROUTE');
});

test('given a group, when one change renames it, routes it and sets its rule, all are recorded; when a part is refused, none is (G12)', (t) => {
  spec(t)
    .given([created])
    .when(
      command('ChangeServerGroup', {
        groupId,
        name: 'Склад №2',
        route: topic,
        quietHours: null,
        statusRule: { kind: 'all' },
      }),
    )
    .then([
      { type: 'ServerGroupRenamed', data: { groupId, from: 'Склад', to: 'Склад №2' } },
      routed,
      { type: 'ServerGroupStatusRuleSet', data: { groupId, from: { kind: 'any' }, to: { kind: 'all' } } },
    ]);
  spec(t)
    .given([created])
    .when(
      command('ChangeServerGroup', {
        groupId,
        name: 'Склад №2',
        quietHours: { from: '22:00', until: '22:00', timeZone: 'UTC' },
      }),
    )
    .thenThrows('SERVER_GROUP.INVALID_QUIET_HOURS');
  spec(t)
    .given([created])
    .when(
      command('ChangeServerGroup', { groupId, name: 'Склад №2', statusRule: { kind: 'atLeast', count: 0 } }),
    )
    .thenThrows('SERVER_GROUP.INVALID_STATUS_RULE');
  spec(t)
    .given([created, { type: 'ServerGroupRemoved', data: { groupId } }])
    .when(command('ChangeServerGroup', { groupId, name: 'X' }))
    .thenThrows('SERVER_GROUP.REMOVED');
});

test('the status rule says when a group is down', (t) => {
  t.true(isGroupDown({ kind: 'any' }, 1, 10));
  t.false(isGroupDown({ kind: 'any' }, 0, 10));
  t.false(isGroupDown({ kind: 'all' }, 9, 10));
  t.true(isGroupDown({ kind: 'all' }, 10, 10));
  t.false(isGroupDown({ kind: 'atLeast', count: 3 }, 2, 10));
  t.true(isGroupDown({ kind: 'atLeast', count: 3 }, 3, 10));
});

test('removes an empty group once; refuses one that holds servers and any change after removal', (t) => {
  const removed: ServerGroupEvent = { type: 'ServerGroupRemoved', data: { groupId } };
  spec(t)
    .given([created])
    .when(command('RemoveServerGroup', { groupId, servers: 2 }))
    .thenThrows('SERVER_GROUP.NOT_EMPTY');
  spec(t)
    .given([created])
    .when(command('RemoveServerGroup', { groupId, servers: 0 }))
    .then([removed]);
  spec(t)
    .given([created, removed])
    .when(command('RemoveServerGroup', { groupId, servers: 0 }))
    .then([]);
  spec(t)
    .given([created, removed])
    .when(command('RenameServerGroup', { groupId, name: 'X' }))
    .thenThrows('SERVER_GROUP.REMOVED');
  spec(t)
    .given([])
    .when(command('RenameServerGroup', { groupId, name: 'X' }))
    .thenThrows('SERVER_GROUP.NOT_FOUND');
});
