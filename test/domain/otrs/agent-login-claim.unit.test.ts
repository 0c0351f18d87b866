import test from 'ava';
import {
  type OtrsAgentLoginCommand,
  type OtrsAgentLoginEvent,
  otrsAgentLoginDecider,
  otrsAgentLoginStreamId,
} from '../../../domain/otrs/index.ts';
import { deciderSpec } from '../../support/decider-spec.ts';
import { testMetadata as metadata } from '../../support/event-fixtures.ts';

const spec = deciderSpec(otrsAgentLoginDecider);
const loginKey = 'i.petrov';
const command = <C extends OtrsAgentLoginCommand>(type: C['type'], telegramUserId: number) =>
  ({ type, data: { loginKey, telegramUserId }, metadata }) as C;
const claimed: OtrsAgentLoginEvent = {
  type: 'OtrsAgentLoginClaimed',
  data: { loginKey, telegramUserId: 1001 },
};

test('claims a free login, and claiming it again by its holder changes nothing', (t) => {
  spec(t).given([]).when(command('ClaimOtrsAgentLogin', 1001)).then([claimed]);
  spec(t).given([claimed]).when(command('ClaimOtrsAgentLogin', 1001)).then([]);
  t.is(otrsAgentLoginStreamId(loginKey), 'otrs-agent-login-i.petrov');
});

test('refuses a login another Telegram user holds, and frees it when its holder releases it', (t) => {
  spec(t).given([claimed]).when(command('ClaimOtrsAgentLogin', 1002)).thenThrows('OTRS_AGENT.LOGIN_TAKEN');
  const released: OtrsAgentLoginEvent = {
    type: 'OtrsAgentLoginReleased',
    data: { loginKey, telegramUserId: 1001 },
  };
  spec(t).given([claimed]).when(command('ReleaseOtrsAgentLogin', 1001)).then([released]);
  spec(t).given([claimed]).when(command('ReleaseOtrsAgentLogin', 1002)).then([]);
  spec(t)
    .given([claimed, released])
    .when(command('ClaimOtrsAgentLogin', 1002))
    .then([{ type: 'OtrsAgentLoginClaimed', data: { loginKey, telegramUserId: 1002 } }]);
});
