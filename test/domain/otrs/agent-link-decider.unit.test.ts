import test from 'ava';
import {
  type OtrsAgentLinkCommand,
  type OtrsAgentLinkEvent,
  otrsAgentLinkDecider,
  otrsLoginKey,
} from '../../../domain/otrs/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(otrsAgentLinkDecider);
const telegramUserId = 1001;
const command = <C extends OtrsAgentLinkCommand>(type: C['type'], data: C['data']) =>
  ({ type, data, metadata }) as C;
const link = (login: string) => command('LinkOtrsAgent', { telegramUserId, login });
const linked: OtrsAgentLinkEvent = { type: 'OtrsAgentLinked', data: { telegramUserId, login: 'i.petrov' } };
const expired: OtrsAgentLinkEvent = { type: 'OtrsAgentSessionExpired', data: { telegramUserId } };
const expire = command('ExpireOtrsAgentSession', { telegramUserId });
const unlink = (reason: 'self' | 'revoked' | 'forgotten') =>
  command('UnlinkOtrsAgent', { telegramUserId, reason });

test('links a login, trimmed, and records nothing for the same login again', (t) => {
  spec(t).given([]).when(link(' i.petrov ')).then([linked]);
  spec(t).given([linked]).when(link('I.Petrov')).then([]);
});

test('refuses a second login while linked, and a login with spaces or control characters', (t) => {
  spec(t).given([linked]).when(link('a.sidorov')).thenThrows('OTRS_AGENT.ALREADY_LINKED');
  for (const login of ['', 'i petrov', 'i.petrov\u0000', 'x'.repeat(201)]) {
    spec(t).given([]).when(link(login)).thenThrows('OTRS_AGENT.INVALID_LOGIN');
  }
});

test('expires a session once, and renews it when the agent logs in again with the same login', (t) => {
  spec(t).given([linked]).when(expire).then([expired]);
  spec(t).given([linked, expired]).when(expire).then([]);
  spec(t).given([]).when(expire).then([]);
  spec(t)
    .given([linked, expired])
    .when(link('i.petrov'))
    .then([{ type: 'OtrsAgentSessionRenewed', data: { telegramUserId } }]);
  spec(t).given([linked, expired]).when(link('a.sidorov')).thenThrows('OTRS_AGENT.ALREADY_LINKED');
});

test('unlinks by the agent, an admin or a forget, and links anew after', (t) => {
  for (const reason of ['self', 'revoked', 'forgotten'] as const) {
    spec(t)
      .given([linked])
      .when(unlink(reason))
      .then([{ type: 'OtrsAgentUnlinked', data: { telegramUserId, reason } }]);
  }
  const unlinked: OtrsAgentLinkEvent = {
    type: 'OtrsAgentUnlinked',
    data: { telegramUserId, reason: 'self' },
  };
  spec(t)
    .given([linked, unlinked])
    .when(link('a.sidorov'))
    .then([{ type: 'OtrsAgentLinked', data: { telegramUserId, login: 'a.sidorov' } }]);
});

test('refuses to unlink who is not linked, unless forgetting them', (t) => {
  spec(t).given([]).when(unlink('self')).thenThrows('OTRS_AGENT.NOT_LINKED');
  spec(t).given([]).when(unlink('revoked')).thenThrows('OTRS_AGENT.NOT_LINKED');
  spec(t).given([]).when(unlink('forgotten')).then([]);
});

test('keys a login by its lower case, so that one agent is one claim however it is spelt', (t) => {
  t.is(otrsLoginKey(' I.Petrov '), 'i.petrov');
  t.is(otrsLoginKey('Агент'), 'агент');
});
