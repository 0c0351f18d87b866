import test from 'ava';
import {
  type TelegramUserCommand,
  type TelegramUserEvent,
  telegramUserDecider,
} from '../../../domain/telegram/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(telegramUserDecider);
const telegramUserId = 2002;
const profile = {
  telegramUserId,
  username: 'viktor',
  firstName: 'Виктор',
  lastName: null,
  languageCode: 'ru',
};
const command = <C extends TelegramUserCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;

const registered: TelegramUserEvent = { type: 'TelegramUserRegistered', data: profile };
const requested: TelegramUserEvent = { type: 'TelegramAccessRequested', data: { telegramUserId } };
const approved: TelegramUserEvent = {
  type: 'TelegramAccessApproved',
  data: { telegramUserId, role: 'viewer' },
};
const denied: TelegramUserEvent = { type: 'TelegramAccessDenied', data: { telegramUserId } };
const blocked: TelegramUserEvent = { type: 'TelegramUserBlocked', data: { telegramUserId } };

test('a first contact registers the user', (t) => {
  spec(t)
    .given([])
    .when(command('RegisterTelegramUser', { ...profile, initialAdmin: false }))
    .then([registered]);
});

test('an admin named by TELEGRAM_ADMIN_IDS is approved as admin at the first contact', (t) => {
  spec(t)
    .given([])
    .when(command('RegisterTelegramUser', { ...profile, initialAdmin: true }))
    .then([registered, { type: 'TelegramAccessApproved', data: { telegramUserId, role: 'admin' } }]);
});

test('a known user is not registered again', (t) => {
  spec(t)
    .given([registered])
    .when(command('RegisterTelegramUser', { ...profile, initialAdmin: true }))
    .then([]);
});

test('access is requested once', (t) => {
  spec(t).given([registered]).when(command('RequestTelegramAccess', { telegramUserId })).then([requested]);
  spec(t).given([registered, requested]).when(command('RequestTelegramAccess', { telegramUserId })).then([]);
  spec(t)
    .given([registered, requested, denied])
    .when(command('RequestTelegramAccess', { telegramUserId }))
    .then([]);
});

test('an admin approves a pending request with a role', (t) => {
  spec(t)
    .given([registered, requested])
    .when(command('ApproveTelegramAccess', { telegramUserId, role: 'viewer' }))
    .then([approved]);
});

test('approving again with the same role changes nothing; with another is refused as decided', (t) => {
  spec(t)
    .given([registered, requested, approved])
    .when(command('ApproveTelegramAccess', { telegramUserId, role: 'viewer' }))
    .then([]);
  spec(t)
    .given([registered, requested, approved])
    .when(command('ApproveTelegramAccess', { telegramUserId, role: 'admin' }))
    .thenThrows('TELEGRAM_USER.ALREADY_DECIDED');
});

test('an approved user cannot be denied, only blocked', (t) => {
  spec(t)
    .given([registered, requested, approved])
    .when(command('DenyTelegramAccess', { telegramUserId }))
    .thenThrows('TELEGRAM_USER.ALREADY_DECIDED');
  spec(t)
    .given([registered, requested, approved])
    .when(command('BlockTelegramUser', { telegramUserId }))
    .then([blocked]);
});

test('a denied user may still be approved later', (t) => {
  spec(t)
    .given([registered, requested, denied])
    .when(command('ApproveTelegramAccess', { telegramUserId, role: 'operator' }))
    .then([{ type: 'TelegramAccessApproved', data: { telegramUserId, role: 'operator' } }]);
});

test('a blocked user can be neither approved nor given a role', (t) => {
  spec(t)
    .given([registered, requested, blocked])
    .when(command('ApproveTelegramAccess', { telegramUserId, role: 'viewer' }))
    .thenThrows('TELEGRAM_USER.BLOCKED');
  spec(t)
    .given([registered, requested, approved, blocked])
    .when(command('ChangeTelegramUserRole', { telegramUserId, role: 'admin' }))
    .thenThrows('TELEGRAM_USER.BLOCKED');
  spec(t).given([registered, blocked]).when(command('BlockTelegramUser', { telegramUserId })).then([]);
});

test('the role of an approved user changes, recording both', (t) => {
  spec(t)
    .given([registered, requested, approved])
    .when(command('ChangeTelegramUserRole', { telegramUserId, role: 'operator' }))
    .then([{ type: 'TelegramUserRoleChanged', data: { telegramUserId, from: 'viewer', to: 'operator' } }]);
  spec(t)
    .given([registered, requested])
    .when(command('ChangeTelegramUserRole', { telegramUserId, role: 'operator' }))
    .thenThrows('TELEGRAM_USER.NOT_APPROVED');
});

test('nothing but registration works on an unknown user', (t) => {
  spec(t)
    .given([])
    .when(command('RequestTelegramAccess', { telegramUserId }))
    .thenThrows('TELEGRAM_USER.NOT_FOUND');
  spec(t)
    .given([])
    .when(command('BlockTelegramUser', { telegramUserId }))
    .thenThrows('TELEGRAM_USER.NOT_FOUND');
});

const forgotten: TelegramUserEvent = { type: 'TelegramUserForgotten', data: { telegramUserId } };

test('forgetting a known user records it once; after it, nothing more can be done to them', (t) => {
  spec(t)
    .given([registered, approved])
    .when(command('ForgetTelegramUser', { telegramUserId }))
    .then([forgotten]);
  spec(t)
    .given([registered, approved, forgotten])
    .when(command('ForgetTelegramUser', { telegramUserId }))
    .then([]);
  spec(t)
    .given([registered, forgotten])
    .when(command('RegisterTelegramUser', { ...profile, initialAdmin: false }))
    .then([]);
  spec(t)
    .given([registered, forgotten])
    .when(command('ApproveTelegramAccess', { telegramUserId, role: 'viewer' }))
    .thenThrows('TELEGRAM_USER.FORGOTTEN');
  spec(t)
    .given([])
    .when(command('ForgetTelegramUser', { telegramUserId }))
    .thenThrows('TELEGRAM_USER.NOT_FOUND');
});
