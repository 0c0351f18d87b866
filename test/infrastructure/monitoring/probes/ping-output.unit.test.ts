import test from 'ava';
import { pingVerdict, type PingExit } from '../../../../infrastructure/monitoring/probes/ping-output.ts';

// The output of iputils ping (the English samples captured on this Debian 12 machine with LC_ALL=C; the
// Russian one in iputils' ru_RU translation, decimal comma included) and of Windows 10 ping.exe in English
// and in Russian (whose console writes CP866), line for line as those programs print them.

const LINUX_REPLY = `PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.495 ms

--- 127.0.0.1 ping statistics ---
1 packets transmitted, 1 received, 0% packet loss, time 0ms
rtt min/avg/max/mdev = 0.495/0.495/0.495/0.000 ms
`;

const LINUX_NO_REPLY = `PING 10.254.77.2 (10.254.77.2) 56(84) bytes of data.

--- 10.254.77.2 ping statistics ---
1 packets transmitted, 0 received, 100% packet loss, time 0ms

`;

const LINUX_RUSSIAN_REPLY = `PING 192.168.0.1 (192.168.0.1) 56(84) байт данных.
64 байт от 192.168.0.1: icmp_seq=1 ttl=64 время=1,27 мс

--- 192.168.0.1 статистика ping ---
1 пакетов передано, 1 получено, 0% потерянных пакетов, время 0мс
rtt min/avg/max/mdev = 1,270/1,270/1,270/0,000 ms
`;

const WINDOWS_REPLY_UNDER_1MS = `
Pinging 127.0.0.1 with 32 bytes of data:
Reply from 127.0.0.1: bytes=32 time<1ms TTL=128

Ping statistics for 127.0.0.1:
    Packets: Sent = 1, Received = 1, Lost = 0 (0% loss),
Approximate round trip times in milli-seconds:
    Minimum = 0ms, Maximum = 0ms, Average = 0ms
`;

const WINDOWS_REPLY = `
Pinging 192.168.1.1 with 32 bytes of data:
Reply from 192.168.1.1: bytes=32 time=12ms TTL=64

Ping statistics for 192.168.1.1:
    Packets: Sent = 1, Received = 1, Lost = 0 (0% loss),
Approximate round trip times in milli-seconds:
    Minimum = 12ms, Maximum = 12ms, Average = 12ms
`;

const WINDOWS_TIMED_OUT = `
Pinging 10.0.0.5 with 32 bytes of data:
Request timed out.

Ping statistics for 10.0.0.5:
    Packets: Sent = 1, Received = 0, Lost = 1 (100% loss),
`;

const WINDOWS_UNREACHABLE = `
Pinging 192.168.1.50 with 32 bytes of data:
Reply from 192.168.1.10: Destination host unreachable.

Ping statistics for 192.168.1.50:
    Packets: Sent = 1, Received = 1, Lost = 0 (0% loss),
`;

const WINDOWS_RUSSIAN_REPLY = `
Обмен пакетами с 8.8.8.8 по с 32 байтами данных:
Ответ от 8.8.8.8: число байт=32 время=23мс TTL=117

Статистика Ping для 8.8.8.8:
    Пакетов: отправлено = 1, получено = 1, потеряно = 0
    (0% потерь)
Приблизительное время приема-передачи в мс:
    Минимальное = 23мсек, Максимальное = 23 мсек, Среднее = 23 мсек
`;

const WINDOWS_RUSSIAN_REPLY_UNDER_1MS = `
Обмен пакетами с 127.0.0.1 по с 32 байтами данных:
Ответ от 127.0.0.1: число байт=32 время<1мс TTL=128

Статистика Ping для 127.0.0.1:
    Пакетов: отправлено = 1, получено = 1, потеряно = 0
    (0% потерь)
Приблизительное время приема-передачи в мс:
    Минимальное = 0мсек, Максимальное = 0 мсек, Среднее = 0 мсек
`;

const WINDOWS_RUSSIAN_TIMED_OUT = `
Обмен пакетами с 10.0.0.5 по с 32 байтами данных:
Превышен интервал ожидания для запроса.

Статистика Ping для 10.0.0.5:
    Пакетов: отправлено = 1, получено = 0, потеряно = 1
    (100% потерь)
`;

const WINDOWS_RUSSIAN_UNREACHABLE = `
Обмен пакетами с 192.168.1.50 по с 32 байтами данных:
Ответ от 192.168.1.10: Заданный узел недоступен.

Статистика Ping для 192.168.1.50:
    Пакетов: отправлено = 1, получено = 1, потеряно = 0
    (0% потерь)
`;

/** The bytes a Russian console writes: CP866 (the OEM code page) or, rarely, CP1251. */
function encodeCyrillic(text: string, codePage: 866 | 1251): Buffer {
  const bytes = [...text].map((char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) return code;
    if (codePage === 1251) {
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      if (code === 0x401 || code === 0x451) return code === 0x401 ? 0xa8 : 0xb8;
    } else {
      if (code >= 0x410 && code <= 0x43f) return code - 0x410 + 0x80;
      if (code >= 0x440 && code <= 0x44f) return code - 0x440 + 0xe0;
      if (code === 0x401 || code === 0x451) return code === 0x401 ? 0xf0 : 0xf1;
    }
    throw new Error(`no ${codePage} byte for ${char}`);
  });
  return Buffer.from(bytes);
}

const exit = (exitCode: number | null, stdout: Buffer | string, more: Partial<PingExit> = {}): PingExit => ({
  exitCode,
  stdout: typeof stdout === 'string' ? Buffer.from(stdout, 'utf8') : stdout,
  stderr: Buffer.alloc(0),
  platform: 'windows',
  timeoutMs: 2_000,
  ...more,
});

test('Linux: a reply is up with the time ping measured', (t) => {
  t.deepEqual(pingVerdict(exit(0, LINUX_REPLY, { platform: 'unix' })), {
    status: 'up',
    latencyMs: 0.5,
    message: null,
  });
});

test('Linux in Russian, decimal comma and all, reads the same', (t) => {
  t.deepEqual(pingVerdict(exit(0, LINUX_RUSSIAN_REPLY, { platform: 'unix' })), {
    status: 'up',
    latencyMs: 1.27,
    message: null,
  });
});

test('Linux: no reply (exit 1) is down; an unknown host (exit 2) says what ping said', (t) => {
  t.deepEqual(pingVerdict(exit(1, LINUX_NO_REPLY, { platform: 'unix' })), {
    status: 'down',
    latencyMs: null,
    message: 'no echo reply within 2000 ms (ping exit code 1)',
  });
  const unknown = exit(2, '', {
    platform: 'unix',
    stderr: Buffer.from('ping: nosuch.invalid: Name or service not known\n'),
  });
  t.is(pingVerdict(unknown).message, 'ping: nosuch.invalid: Name or service not known');
});

test('Windows in English: time=12ms and time<1ms are read', (t) => {
  t.is(pingVerdict(exit(0, WINDOWS_REPLY)).latencyMs, 12);
  t.is(pingVerdict(exit(0, WINDOWS_REPLY_UNDER_1MS)).latencyMs, 1);
});

test('Windows in Russian, in CP866, CP1251 or UTF-8: the time is read without knowing the words', (t) => {
  for (const encode of [
    (text: string) => encodeCyrillic(text, 866),
    (text: string) => encodeCyrillic(text, 1251),
    (text: string) => Buffer.from(text, 'utf8'),
  ]) {
    t.deepEqual(pingVerdict(exit(0, encode(WINDOWS_RUSSIAN_REPLY))), {
      status: 'up',
      latencyMs: 23,
      message: null,
    });
    t.is(pingVerdict(exit(0, encode(WINDOWS_RUSSIAN_REPLY_UNDER_1MS))).latencyMs, 1);
  }
});

test('Windows timeouts (exit 1) are down in either language', (t) => {
  t.is(pingVerdict(exit(1, WINDOWS_TIMED_OUT)).status, 'down');
  t.is(pingVerdict(exit(1, encodeCyrillic(WINDOWS_RUSSIAN_TIMED_OUT, 866))).status, 'down');
});

test('Windows "destination host unreachable" exits 0 but carries no time: down', (t) => {
  const expected = {
    status: 'down',
    latencyMs: null,
    message: 'no echo reply (the answer carried no round-trip time)',
  };
  t.deepEqual(pingVerdict(exit(0, WINDOWS_UNREACHABLE)), expected);
  t.deepEqual(pingVerdict(exit(0, encodeCyrillic(WINDOWS_RUSSIAN_UNREACHABLE, 866))), expected);
});
