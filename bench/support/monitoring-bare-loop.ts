/**
 * The baseline of `bench/monitoring.ts`, in a process of its own (so that its CPU is its own): the same checks
 * as TBot's, made by a bare loop: at each slot start every target once, `net.connect` for TCP and `fetch` for
 * HTTP, at most `concurrency` at once; no deadline, no results, no state. Run with `node --import tsx`, forked
 * with an IPC channel: takes one {@link BareLoopJob} message, answers one {@link BareLoopResult}, and exits.
 */
import net from 'node:net';

export interface BareLoopJob {
  readonly targets: readonly ({ kind: 'tcp'; port: number } | { kind: 'http'; url: string })[];
  readonly intervalMs: number;
  readonly slots: number;
  readonly concurrency: number;
}

export interface BareLoopResult {
  readonly checks: number;
  readonly failures: number;
  /** CPU of the measured slots (user + system), from the first slot's start to the last one's end. */
  readonly cpuSeconds: number;
  /** The wall-clock start of its first slot. */
  readonly firstSlotMs: number;
}

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

async function get(url: string): Promise<void> {
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`status ${response.status}`);
}

const sleepUntil = (wallMs: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, wallMs - Date.now())));

/** Every target once, `concurrency` at once; counts the failures. */
async function pass(job: BareLoopJob): Promise<number> {
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < job.targets.length) {
      const target = job.targets[next++];
      if (target === undefined) return;
      try {
        await (target.kind === 'tcp' ? connect(target.port) : get(target.url));
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return failures;
}

async function run(job: BareLoopJob): Promise<BareLoopResult> {
  // One pass unmeasured: `fetch` loads undici on its first call (some 300 ms), the code gets compiled.
  await pass(job);
  const firstSlotMs = (Math.floor(Date.now() / job.intervalMs) + 1) * job.intervalMs;
  let failures = 0;
  await sleepUntil(firstSlotMs);
  const before = process.cpuUsage();
  for (let slot = 0; slot < job.slots; slot += 1) {
    await sleepUntil(firstSlotMs + slot * job.intervalMs);
    failures += await pass(job);
  }
  const checks = job.slots * job.targets.length;
  await sleepUntil(firstSlotMs + job.slots * job.intervalMs);
  const cpu = process.cpuUsage(before);
  return { checks, failures, cpuSeconds: (cpu.user + cpu.system) / 1e6, firstSlotMs };
}

process.once('message', (job: BareLoopJob) => {
  run(job).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      console.error('bare loop failed:', error);
      process.exit(1);
    },
  );
});
