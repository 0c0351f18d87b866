import test from 'ava';
import { trustedAddresses } from '../../../interfaces/http/trusted-proxy.ts';

test('trusts the addresses and blocks listed, IPv4 peers of a dual-stack socket included', (t) => {
  const trusted = trustedAddresses(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
  for (const address of ['127.0.0.1', '::ffff:127.0.0.1', '10.20.30.40', 'fd12::1']) {
    t.true(trusted(address), address);
  }
  for (const address of ['127.0.0.2', '11.0.0.1', '::1', 'fe80::1', '', 'localhost']) {
    t.false(trusted(address), address);
  }
});
