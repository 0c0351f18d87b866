import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const BENCH = fileURLToPath(new URL('../../bench/otrs.ts', import.meta.url));

// `npm run bench:otrs` end to end at a small size, so CI runs its code path: the seeded local OTRS, a real
// `tbot serve` node reading it by webhook and poller, cards at the Bot API emulator, the baselines and the
// figures. What it measures is not asserted (no timed assertions); that every change was shown, once, is.
test('the OTRS bench runs at a small size and ends with its figures as one JSON line', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', BENCH], {
    env: {
      ...process.env,
      BENCH_TICKETS: '60',
      BENCH_SECONDS: '3',
      BENCH_RATE: '6',
      BENCH_CHATS: '6',
      BENCH_NODES: '1',
      BENCH_POLL_INTERVAL_MS: '1000',
      BENCH_BASELINE_SECONDS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), 150_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  t.is(code, 0, stderr.slice(-4000));
  const lines = stdout.trim().split('\n');
  const figures = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
  t.true(stdout.includes('webhook latency p99 ms'), 'the table is printed');
  t.is(figures['bench'], 'otrs');
  t.is(figures['changes'], 18);
  for (const key of ['webhook_latency_p99_ms', 'poll_latency_p99_ms', 'baseline_webhook_latency_p99_ms']) {
    t.is(typeof figures[key], 'number', key);
  }
  t.is(figures['missing_webhook'], 0);
  t.is(figures['missing_poll'], 0);
  t.is(figures['duplicates'], 0);
  t.is(figures['duplicate_events'], 0);
  t.is(figures['webhook_failures'], 0);
  t.is(figures['baseline_missing'], 0);
});
