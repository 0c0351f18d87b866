import test from 'ava';
import { hostnameQueryOf, ipQueryOf } from '../../../../application/employees/search/index.ts';

test('recognizes whole IPv4 and IPv6 addresses', (t) => {
  t.deepEqual(ipQueryOf('192.168.1.10'), { value: '192.168.1.10', exact: true });
  t.deepEqual(ipQueryOf('2001:db8::10'), { value: '2001:db8::10', exact: true });
});

test('recognizes the start of an IPv4 address', (t) => {
  t.deepEqual(ipQueryOf('192.168.'), { value: '192.168.', exact: false });
  t.is(ipQueryOf('1234'), null);
  t.is(ipQueryOf('иванов'), null);
});

test('recognizes host names and drops a trailing dot', (t) => {
  t.is(hostnameQueryOf('ws-buh-01'), 'ws-buh-01');
  t.is(hostnameQueryOf('pc12.corp.local.'), 'pc12.corp.local');
  t.is(hostnameQueryOf('-bad-'), null);
  t.is(hostnameQueryOf('иванов'), null);
  t.is(hostnameQueryOf('two words'), null);
});
