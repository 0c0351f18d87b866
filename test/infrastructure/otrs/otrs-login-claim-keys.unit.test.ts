import test from 'ava';
import { randomBytes } from 'node:crypto';
import { otrsAgentLoginStreamId, otrsLoginKey } from '../../../domain/otrs/index.ts';
import { otrsCustomerKeys, otrsLoginClaimKeys } from '../../../infrastructure/otrs/index.ts';
import { masterKeyOf } from '../../../infrastructure/personal-data/index.ts';

const master = masterKeyOf(randomBytes(32));

test('a login claim stream id names the claim by a keyed hash, never the login', (t) => {
  const keys = otrsLoginClaimKeys(master);
  const streamId = otrsAgentLoginStreamId(keys.claimKeyOf(otrsLoginKey('I.Petrov')));
  t.regex(streamId, /^otrs-agent-login-[A-Za-z0-9_-]{22}$/);
  t.false(streamId.toLowerCase().includes('petrov'));
  t.is(otrsLoginClaimKeys(master).claimKeyOf(otrsLoginKey('i.petrov')), keys.claimKeyOf('i.petrov'));
});

test('claim keys are a purpose of their own: the same text is another customer key', (t) => {
  t.not(otrsLoginClaimKeys(master).claimKeyOf('i.petrov'), otrsCustomerKeys(master).keyOf('i.petrov'));
  t.not(
    otrsLoginClaimKeys(masterKeyOf(randomBytes(32))).claimKeyOf('a'),
    otrsLoginClaimKeys(master).claimKeyOf('a'),
  );
});
