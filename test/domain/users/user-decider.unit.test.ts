import test from 'ava';
import { type UserCommand, type UserEvent, userDecider } from '../../../domain/users/index.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';
import { deciderSpec } from '../../support/decider-spec.ts';

const spec = deciderSpec(userDecider);
const userId = 'u0000000-0000-4000-8000-000000000001';
const createdData = {
  userId,
  username: 'anna',
  role: 'operator',
  passwordHash: '$argon2id$v=19$...',
} as const;
const created: UserEvent = { type: 'UserCreated', data: createdData };
const disabled: UserEvent = { type: 'UserDisabled', data: { userId } };
const enabled: UserEvent = { type: 'UserEnabled', data: { userId } };
const command = <C extends UserCommand>(type: C['type'], data: C['data']) => ({ type, data, metadata }) as C;

test('creates a user', (t) => {
  spec(t).given([]).when(command('CreateUser', createdData)).then([created]);
});

test('refuses to create a user twice', (t) => {
  spec(t).given([created]).when(command('CreateUser', createdData)).thenThrows('USER.ALREADY_EXISTS');
});

test('changes the role, recording both', (t) => {
  spec(t)
    .given([created])
    .when(command('ChangeUserRole', { userId, role: 'admin' }))
    .then([{ type: 'UserRoleChanged', data: { userId, from: 'operator', to: 'admin' } }]);
});

test('records nothing for the role the user has', (t) => {
  spec(t)
    .given([created])
    .when(command('ChangeUserRole', { userId, role: 'operator' }))
    .then([]);
});

test('refuses to change the role of a user that does not exist', (t) => {
  spec(t)
    .given([])
    .when(command('ChangeUserRole', { userId, role: 'admin' }))
    .thenThrows('USER.NOT_FOUND');
});

test('refuses to change the role of a disabled user', (t) => {
  spec(t)
    .given([created, disabled])
    .when(command('ChangeUserRole', { userId, role: 'admin' }))
    .thenThrows('USER.DISABLED');
});

test('disables a user once', (t) => {
  spec(t).given([created]).when(command('DisableUser', { userId })).then([disabled]);
  spec(t).given([created, disabled]).when(command('DisableUser', { userId })).then([]);
});

test('resets the password', (t) => {
  spec(t)
    .given([created])
    .when(command('ResetUserPassword', { userId, passwordHash: 'new' }))
    .then([{ type: 'UserPasswordReset', data: { userId, passwordHash: 'new' } }]);
});

test('refuses to reset the password of a disabled or unknown user', (t) => {
  spec(t)
    .given([created, disabled])
    .when(command('ResetUserPassword', { userId, passwordHash: 'new' }))
    .thenThrows('USER.DISABLED');
  spec(t)
    .given([])
    .when(command('ResetUserPassword', { userId, passwordHash: 'new' }))
    .thenThrows('USER.NOT_FOUND');
});

test('enables a disabled user again', (t) => {
  spec(t)
    .given([created, disabled])
    .when(command('EnableUser', { userId }))
    .then([{ type: 'UserEnabled', data: { userId } }]);
});

test('refuses to enable a user who is not disabled, or does not exist', (t) => {
  spec(t).given([created]).when(command('EnableUser', { userId })).thenThrows('USER.ALREADY_ENABLED');
  spec(t)
    .given([created, disabled, enabled])
    .when(command('EnableUser', { userId }))
    .thenThrows('USER.ALREADY_ENABLED');
  spec(t).given([]).when(command('EnableUser', { userId })).thenThrows('USER.NOT_FOUND');
});

test('an enabled user may have their role changed and be disabled again', (t) => {
  spec(t)
    .given([created, disabled, enabled])
    .when(command('ChangeUserRole', { userId, role: 'admin' }))
    .then([{ type: 'UserRoleChanged', data: { userId, from: 'operator', to: 'admin' } }]);
  spec(t).given([created, disabled, enabled]).when(command('DisableUser', { userId })).then([disabled]);
});

const forgotten: UserEvent = { type: 'UserForgotten', data: { userId } };

test('forgets only a disabled user, once; a forgotten user is nobody', (t) => {
  spec(t).given([created]).when(command('ForgetUser', { userId })).thenThrows('USER.NOT_DISABLED');
  spec(t).given([created, disabled]).when(command('ForgetUser', { userId })).then([forgotten]);
  spec(t).given([created, disabled, forgotten]).when(command('ForgetUser', { userId })).then([]);
  spec(t)
    .given([created, disabled, forgotten])
    .when(command('EnableUser', { userId }))
    .thenThrows('USER.NOT_FOUND');
  spec(t).given([]).when(command('ForgetUser', { userId })).thenThrows('USER.NOT_FOUND');
});
