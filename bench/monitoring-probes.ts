/**
 * What the probes cost over a bare loop making the same checks: TCP connects and HTTP GETs against local
 * targets, through `createProbe` behind the per-node concurrency bound, against plain `net.connect` and
 * `http.get` loops at the same concurrency, in one run. The probes add a deadline, error mapping and the
 * bound; the target is a ratio of checks/s near 1 (>= 0.8) and CPU per 1,000 checks of the same order.
 * The targets run in the same process, so the CPU column counts both ends of every check, in both rows.
 *
 *   npx tsx bench/monitoring-probes.ts   BENCH_SECONDS (default 3) per measurement, BENCH_CONCURRENCY (32)
 *
 * The last line of stdout is one JSON object: per kind, checks/s and CPU ms per 1,000 checks for the probe
 * and the bare loop, and their ratios.
 */
import http from 'node:http';
import net from 'node:net';
import type { CheckDefinition } from '../domain/monitoring/check-definition.ts';
import { createProbe, withConcurrencyLimit } from '../infrastructure/monitoring/probes/index.ts';
import { startHttpTarget } from '../test/support/monitoring-targets/http-target.ts';
import { startTcpTarget } from '../test/support/monitoring-targets/tcp-target.ts';
import { type Measurement, type Step, measure } from './support/measure.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';

const limits = { timeoutMs: 5_000, maxBodyBytes: 65_536, maxRedirects: 5 };

function numberFromEnv(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max)
    throw new RangeError(`${name} must be in (0, ${max}]`);
  return value;
}

interface Row {
  readonly kind: string;
  readonly how: 'probe' | 'bare';
  readonly measurement: Measurement;
  readonly cpuMsPer1000: number;
}

async function measured(
  kind: string,
  how: Row['how'],
  step: Step,
  concurrency: number,
  seconds: number,
): Promise<Row> {
  const before = process.cpuUsage();
  const measurement = await measure({ concurrency, warmupMs: 500, durationMs: seconds * 1000 }, () => step);
  const cpu = process.cpuUsage(before);
  const cpuMsPer1000 = ((cpu.user + cpu.system) / 1000 / measurement.totalOperations) * 1000;
  return { kind, how, measurement, cpuMsPer1000 };
}

function bareConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

function bareGet(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        const ok = response.statusCode === 200;
        response.destroy();
        if (ok) resolve();
        else reject(new Error(`status ${response.statusCode ?? 0}`));
      })
      .once('error', reject);
  });
}

async function main(): Promise<void> {
  const seconds = numberFromEnv('BENCH_SECONDS', 3, 600);
  const concurrency = numberFromEnv('BENCH_CONCURRENCY', 32, 1024);
  const [tcp, target] = await Promise.all([startTcpTarget(), startHttpTarget()]);
  const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const probe = withConcurrencyLimit(createProbe({ logger }), concurrency);
  const run =
    (check: Exclude<CheckDefinition, { kind: 'push' }>): Step =>
    async () => {
      const result = await probe.run(check, limits);
      if (result.status !== 'up') throw new Error(`${check.kind} down: ${result.message ?? ''}`);
    };
  const tcpCheck = { kind: 'tcp', host: '127.0.0.1', port: tcp.port } as const;
  const httpCheck = {
    kind: 'http',
    url: `${target.url}/health`,
    method: 'GET',
    expectStatus: { min: 200, max: 299 },
    ignoreTlsErrors: false,
  } as const;
  const rows: Row[] = [];
  try {
    rows.push(await measured('tcp', 'bare', () => bareConnect(tcp.port), concurrency, seconds));
    rows.push(await measured('tcp', 'probe', run(tcpCheck), concurrency, seconds));
    rows.push(await measured('http', 'bare', () => bareGet(httpCheck.url), concurrency, seconds));
    rows.push(await measured('http', 'probe', run(httpCheck), concurrency, seconds));
  } finally {
    await Promise.all([tcp.close(), target.close()]);
  }

  console.log(
    `monitoring probes, concurrency ${concurrency}, ${seconds} s each, local targets on 127.0.0.1\n`,
  );
  console.log(
    formatTable(
      [
        { header: 'kind' },
        { header: 'how' },
        { header: 'checks/s', align: 'right' },
        { header: 'p50 ms', align: 'right' },
        { header: 'p99 ms', align: 'right' },
        { header: 'CPU ms / 1000', align: 'right' },
      ],
      rows.map((row) => [
        row.kind,
        row.how,
        formatInteger(row.measurement.perSecond),
        formatFixed(row.measurement.p50Ms, 2),
        formatFixed(row.measurement.p99Ms, 2),
        formatFixed(row.cpuMsPer1000, 0),
      ]),
    ),
  );
  const summary: Record<string, number> = { concurrency };
  for (const kind of ['tcp', 'http']) {
    const bare = rows.find((row) => row.kind === kind && row.how === 'bare');
    const probed = rows.find((row) => row.kind === kind && row.how === 'probe');
    if (bare === undefined || probed === undefined) continue;
    summary[`${kind}_probe_checks_per_s`] = Math.round(probed.measurement.perSecond);
    summary[`${kind}_bare_checks_per_s`] = Math.round(bare.measurement.perSecond);
    summary[`${kind}_probe_cpu_ms_per_1000`] = Math.round(probed.cpuMsPer1000);
    summary[`${kind}_bare_cpu_ms_per_1000`] = Math.round(bare.cpuMsPer1000);
    summary[`${kind}_ratio`] = Number((probed.measurement.perSecond / bare.measurement.perSecond).toFixed(3));
  }
  console.log(`\n${JSON.stringify(summary)}`);
}

await main();
