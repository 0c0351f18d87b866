import test from 'ava';
import { isPingableHost, pingCommand } from '../../../../infrastructure/monitoring/probes/ping-command.ts';

test('iputils: numeric, one request, a wait in seconds ending before the deadline, C locale', (t) => {
  const command = pingCommand('db1.example.org', 2_500, 'linux');
  t.is(command.program, 'ping');
  t.deepEqual(command.args, ['-n', '-c', '1', '-W', '2.3', 'db1.example.org']);
  t.is(command.env.LC_ALL, 'C');
  const short = pingCommand('10.0.0.1', 150, 'linux').args.slice(3, 5);
  t.deepEqual(short, ['-W', '0.1'], 'never a wait of 0 (forever)');
});

test('macOS ping: the wait in milliseconds', (t) => {
  t.deepEqual(pingCommand('10.0.0.1', 1_000, 'darwin').args, ['-n', '-c', '1', '-W', '800', '10.0.0.1']);
});

test('ping.exe: one request, the wait in milliseconds', (t) => {
  const command = pingCommand('10.0.0.1', 2_500, 'win32');
  t.is(command.program, 'ping.exe');
  t.deepEqual(command.args, ['-n', '1', '-w', '2300', '10.0.0.1']);
  t.is(command.platform, 'windows');
});

test('a host that could pass for an option or carry a second argument is not given to ping', (t) => {
  for (const host of ['db1', 'db1.example.org', '10.0.0.1', '::1', 'fe80::1%eth0', 'сервер.рф'])
    t.true(isPingableHost(host), host);
  for (const host of [
    '',
    '-f',
    '-c 100000',
    'a b',
    'a;reboot',
    'a\nb',
    '$(id)',
    'a\u2028b',
    'a\u202eb',
    'x'.repeat(254),
  ]) {
    t.false(isPingableHost(host), host);
  }
});
