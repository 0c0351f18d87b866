/**
 * Monitoring at scale, issue #15 point 8: BENCH_SERVERS servers (default 2,000; half TCP, half HTTP targets on
 * 127.0.0.1) in up to 100 groups (20 servers each), one check each at a 10 s interval, on two real `tbot serve`
 * nodes (every role; PostgreSQL database of its own, Redis, Telegram at the Bot API emulator of the tests) for
 * BENCH_SECONDS (default 120) of measured window; 5% of the targets flap (down 30 s every 60 s, one per group,
 * so no group needs more than two messages a minute).
 *
 *   npm run bench:monitoring     BENCH_SERVERS, BENCH_SECONDS, BENCH_BASELINE_SECONDS (default 30),
 *                                BENCH_SETUP_CONCURRENCY (API requests at once while creating, default 32);
 *                                BENCH_DATABASE_URL names the PostgreSQL server, BENCH_REDIS_URL the Redis.
 *
 * The targets keep the wall-clock time of every connection or request, so the figures are the targets' own:
 * - check start lag: arrival at the target minus the start of the slot it was for (target p99 < 1 s);
 * - duplicate checks: probes beyond the first of one (check, slot) (target 0);
 * - alert latency: from the moment a target stops answering to the Bot API call naming it down (a
 *   sendMessage or an editMessageText the emulator records), p99 (target < interval × (retries + 1) + 2 s);
 * - CPU seconds per 1,000 checks: each node's user + system time over the window (/proc), over the checks the
 *   partitions it held made (the results table names them);
 * - baseline: before the nodes start, a process of its own makes the same checks at the same slots with a bare
 *   loop of `net.connect` and `fetch` (400 at once: TBot's 200 per node × 2); `baseline_ratio` is TBot's checks
 *   per CPU second over the bare loop's (1 would be "as cheap as the bare loop").
 * The targets and the emulator run in this process; the CPU of PostgreSQL and Redis is counted nowhere. The last
 * line of stdout is one JSON object of the figures.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { slotOffsetMs } from '../application/monitoring/scheduler/index.ts';
import { checkPartitionOf } from '../application/ports/check-partitions.ts';
import type { CheckTiming } from '../domain/monitoring/index.ts';
import { BotApiEmulator } from '../test/support/bot-api-emulator.ts';
import { eventually } from '../test/support/eventually.ts';
import { startBenchRun } from './support/bench-run.ts';
import type { BareLoopJob, BareLoopResult } from './support/monitoring-bare-loop.ts';
import {
  type BenchCluster,
  createFleet,
  partitionOwners,
  serverName,
  startBenchCluster,
} from './support/monitoring-cluster.ts';
import {
  type DownEvent,
  type Outage,
  alertFigures,
  alertParts,
  slotFigures,
} from './support/monitoring-figures.ts';
import { planOutages } from './support/monitoring-flaps.ts';
import { type TargetFleet, startTargetFleet } from './support/monitoring-target-fleet.ts';
import { distribution } from './support/percentiles.ts';
import { processCpuSeconds } from './support/proc-cpu.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';
import { wholeNumberFromEnv } from './support/env-numbers.ts';

const INTERVAL_S = 10;
const INTERVAL_MS = INTERVAL_S * 1000;
/** The API's default: one silent failure (PENDING) before DOWN. */
const RETRIES = 1;
const NODES = 2;
/** Probes in flight per node at most (`MAX_CHECKS_IN_FLIGHT` of the scheduler runtime). */
const CONCURRENCY_PER_NODE = 200;
const FLAPPING_SHARE = 0.05;
const settings = {
  servers: wholeNumberFromEnv('BENCH_SERVERS', 2000, 20, 10_000),
  seconds: wholeNumberFromEnv('BENCH_SECONDS', 120, 20, 3600),
  baselineSeconds: wholeNumberFromEnv('BENCH_BASELINE_SECONDS', 30, 10, 600),
  setupConcurrency: wholeNumberFromEnv('BENCH_SETUP_CONCURRENCY', 32, 1, 256),
  /** 0: the API's default timeout (9 s at a 10 s interval). */
  timeoutSeconds: wholeNumberFromEnv('BENCH_TIMEOUT_SECONDS', 0, 0, 9),
};
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const GROUPS = Math.min(100, Math.ceil(settings.servers / 20));
const SLOTS = Math.floor(settings.seconds / INTERVAL_S);
const ALERT_TARGET_MS = INTERVAL_MS * (RETRIES + 1) + 2000;
const BARE_LOOP = fileURLToPath(new URL('./support/monitoring-bare-loop.ts', import.meta.url));

const sleepUntilWall = (wallMs: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, wallMs - Date.now())));
const log = (message: string) => console.error(`bench:monitoring: ${message}`);

async function bareLoop(fleet: TargetFleet, slots: number): Promise<BareLoopResult> {
  const child = fork(BARE_LOOP, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const job: BareLoopJob = {
    targets: fleet.targets.map((target) =>
      target.kind === 'tcp' ? { kind: 'tcp', port: target.port } : { kind: 'http', url: target.url ?? '' },
    ),
    intervalMs: INTERVAL_MS,
    slots,
    concurrency: CONCURRENCY_PER_NODE * NODES,
  };
  child.send(job);
  const [result] = (await once(child, 'message')) as [BareLoopResult];
  await once(child, 'exit');
  return result;
}

/** Waits until the nodes share the partitions fairly and every check has been UP once. */
async function settled(pool: pg.Pool, cluster: BenchCluster): Promise<void> {
  const fair = Math.ceil(64 / NODES);
  const shared = await eventually(
    async () => {
      const owners = await partitionOwners(pool);
      return cluster.nodeIds.every((id) => owners.get(id) === fair);
    },
    90_000,
    500,
  );
  if (!shared)
    throw new Error(`partitions not shared: ${JSON.stringify([...(await partitionOwners(pool))])}`);
  const upOnce = async () =>
    Number(
      (
        await pool.query<{ n: string }>(
          "select count(distinct check_id) as n from monitoring.check_results where status = 'up'",
        )
      ).rows[0]?.n ?? 0,
    );
  if (!(await eventually(async () => (await upOnce()) >= settings.servers, 120_000, 1000))) {
    throw new Error(`only ${await upOnce()} of ${settings.servers} checks have been up`);
  }
}

interface NodeWindow {
  readonly nodeId: string;
  readonly cpuSeconds: number;
  readonly checks: number;
}

/** Each node's checks in the window: the results rows of the partitions it held (none moved meanwhile). */
async function checksByNode(pool: pg.Pool, fromMs: number, untilMs: number): Promise<Map<string, number>> {
  const owners = await pool.query<{ partition: number; owner: string }>(
    'select partition, owner from monitoring.scheduler_partitions',
  );
  const ownerOf = new Map(owners.rows.map((row) => [row.partition, row.owner]));
  const { rows } = await pool.query<{ check_id: string; n: number }>(
    `select check_id, count(*)::int as n from monitoring.check_results
      where slot_at >= to_timestamp($1::float8 / 1000) and slot_at < to_timestamp($2::float8 / 1000)
      group by check_id`,
    [fromMs, untilMs],
  );
  const byNode = new Map<string, number>();
  for (const row of rows) {
    const owner = ownerOf.get(checkPartitionOf(row.check_id)) ?? '?';
    byNode.set(owner, (byNode.get(owner) ?? 0) + row.n);
  }
  return byNode;
}

async function recordedLags(pool: pg.Pool, fromMs: number, untilMs: number): Promise<number[]> {
  const { rows } = await pool.query<{ lag: number }>(
    `select extract(epoch from started_at - slot_at)::float8 * 1000 as lag from monitoring.check_results
      where slot_at >= to_timestamp($1::float8 / 1000) and slot_at < to_timestamp($2::float8 / 1000)`,
    [fromMs, untilMs],
  );
  return rows.map((row) => row.lag);
}

/**
 * Arrival at the target minus the `started_at` the node recorded, per (check, slot) of the window: the wait in
 * the node's concurrency bound and event loop between the run's start and its connection.
 */
async function probeWaits(
  pool: pg.Pool,
  fleet: TargetFleet,
  fromMs: number,
  untilMs: number,
): Promise<number[]> {
  const { rows } = await pool.query<{ name: string; slot_ms: number; started: number }>(
    `select s.name, extract(epoch from r.slot_at)::float8 * 1000 as slot_ms,
            extract(epoch from r.started_at)::float8 * 1000 as started
       from monitoring.check_results r join monitoring.servers s on s.id::text = r.server_id::text
      where r.slot_at >= to_timestamp($1::float8 / 1000) and r.slot_at < to_timestamp($2::float8 / 1000)`,
    [fromMs, untilMs],
  );
  const hitsByName = new Map(fleet.targets.map((target) => [serverName(target.index), target.hits]));
  const waits: number[] = [];
  for (const row of rows) {
    // The first hit at or after the run's start, within its slot.
    const hit = hitsByName
      .get(row.name)
      ?.find((at) => at >= row.started - 1 && at < row.slot_ms + INTERVAL_MS);
    if (hit !== undefined) waits.push(hit - row.started);
  }
  return waits;
}

/**
 * Where in its slot each server's check is planned to run, by server name: the scheduler spreads checks over
 * the slot by an offset of their own (`slotOffsetMs`, from the check's id and timing), which the lag must not
 * count as lateness.
 */
async function plannedOffsets(pool: pg.Pool): Promise<(name: string) => number> {
  const { rows } = await pool.query<{ name: string; check_id: string; timing: unknown }>(
    `select s.name, c.id as check_id, c.timing
       from monitoring.checks c join monitoring.servers s on s.id = c.server_id`,
  );
  const offsets = new Map(
    rows.map((row) => [row.name, slotOffsetMs(row.check_id, row.timing as CheckTiming)]),
  );
  return (name) => offsets.get(name) ?? 0;
}

async function downEvents(pool: pg.Pool): Promise<DownEvent[]> {
  const { rows } = await pool.query<{ name: string; probed: number; recorded: number }>(
    `select s.name, extract(epoch from (e.data->>'at')::timestamptz)::float8 * 1000 as probed,
            extract(epoch from e.recorded_at)::float8 * 1000 as recorded
       from es.events e join monitoring.servers s on s.id::text = e.data->>'serverId'
      where e.type = 'ServerWentDown'`,
  );
  return rows.map((row) => ({ name: row.name, probedAtMs: row.probed, recordedAtMs: row.recorded }));
}

async function partitionEpochs(pool: pg.Pool): Promise<string> {
  const { rows } = await pool.query<{ e: string }>(
    "select string_agg(partition || ':' || epoch || ':' || owner, ',' order by partition) as e from monitoring.scheduler_partitions",
  );
  return rows[0]?.e ?? '';
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  log(`${settings.servers} servers, ${GROUPS} groups, ${SLOTS} slots of ${INTERVAL_S} s on ${NODES} nodes`);
  const fleet = await startTargetFleet(settings.servers);
  const perGroup = Math.ceil(settings.servers / GROUPS);
  const planned = planOutages({
    servers: settings.servers,
    groups: GROUPS,
    perGroup,
    share: FLAPPING_SHARE,
    windowMs: SLOTS * INTERVAL_MS,
    alertDueMs: ALERT_TARGET_MS,
  });
  const flapping = new Set(planned.map((outage) => outage.index));
  const timers: NodeJS.Timeout[] = [];
  let emulator: BotApiEmulator | null = null;
  let cluster: BenchCluster | null = null;
  let run: Awaited<ReturnType<typeof startBenchRun>> | null = null;
  try {
    // The baseline first, on an otherwise idle bench: the same targets, slots and concurrency.
    const baselineSlots = Math.max(1, Math.floor(settings.baselineSeconds / INTERVAL_S));
    log(`bare loop: ${baselineSlots} slots`);
    const bare = await bareLoop(fleet, baselineSlots);
    const bareFirstSlot = bare.firstSlotMs / INTERVAL_MS;
    const bareSlots = slotFigures(
      fleet.targets,
      INTERVAL_MS,
      bareFirstSlot,
      bareFirstSlot + baselineSlots,
      new Set(),
    );

    // Ctrl-C reaches the nodes too (one process group); the database is dropped on the way out.
    run = await startBenchRun('monitoring', 30 * 60_000 + settings.seconds * 1000, { onSignal: 'exit' });
    const pool = run.database.open(2).pool;
    emulator = await BotApiEmulator.start();
    cluster = await startBenchCluster({
      databaseUrl: run.database.url,
      redisUrl: REDIS_URL,
      telegramApiRoot: emulator.apiRoot,
      nodes: NODES,
    });
    log('nodes listening; creating the groups and servers through the API');
    const setupStart = performance.now();
    await createFleet({
      cluster,
      targets: fleet.targets,
      groups: GROUPS,
      intervalSeconds: INTERVAL_S,
      timeoutSeconds: settings.timeoutSeconds === 0 ? undefined : settings.timeoutSeconds,
      concurrency: settings.setupConcurrency,
    });
    const setupSeconds = (performance.now() - setupStart) / 1000;
    log(`created in ${setupSeconds.toFixed(1)} s; waiting for the partitions and the first results`);
    await settled(pool, cluster);

    // The window holds SLOTS slot starts; it opens and closes half a second before one.
    const firstSlot = Math.floor(Date.now() / INTERVAL_MS) + 2;
    const endSlot = firstSlot + SLOTS;
    const windowStartWall = firstSlot * INTERVAL_MS - 500;
    const windowEndWall = endSlot * INTERVAL_MS - 500;
    await sleepUntilWall(windowStartWall);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const pids = cluster.nodes.map((node) => node.child.pid ?? 0);
    const cpuBefore = await Promise.all(pids.map(processCpuSeconds));
    const epochsBefore = await partitionEpochs(pool);
    log(`window open: ${planned.length} outages of ${flapping.size} servers planned`);
    const outages: Outage[] = [];
    let recovered = 0;
    for (const outage of planned) {
      const target = fleet.targets[outage.index];
      if (target === undefined) continue;
      const startIn = windowStartWall - Date.now();
      timers.push(
        setTimeout(() => {
          void target.stopAnswering().then((downAt) => {
            outages.push({ name: serverName(outage.index), downAt });
          });
        }, startIn + outage.downAfterMs),
        setTimeout(() => {
          void target.answerAgain().then(() => (recovered += 1));
        }, startIn + outage.upAfterMs),
      );
    }
    await sleepUntilWall(windowEndWall);
    const cpuAfter = await Promise.all(pids.map(processCpuSeconds));
    loopDelay.disable();
    const epochsAfter = await partitionEpochs(pool);
    log('window closed; waiting for the last alerts and recoveries');
    await eventually(
      () =>
        recovered === planned.length && alertFigures(outages, emulator?.calls ?? [], new Set()).missing === 0,
      ALERT_TARGET_MS + 60_000,
      500,
    );

    const fromMs = firstSlot * INTERVAL_MS;
    const untilMs = endSlot * INTERVAL_MS;
    const offsets = await plannedOffsets(pool);
    const slots = slotFigures(fleet.targets, INTERVAL_MS, firstSlot, endSlot, flapping, (index) =>
      offsets(serverName(index)),
    );
    const lag = distribution(slots.lagsMs);
    const recordedLag = distribution(await recordedLags(pool, fromMs, untilMs));
    const probeWait = distribution(await probeWaits(pool, fleet, fromMs, untilMs));
    const flappingNames = new Set([...flapping].map(serverName));
    const alerts = alertFigures(outages, emulator.calls, flappingNames);
    const alertLatency = distribution(alerts.latenciesMs);
    const parts = alertParts(alerts.alerted, await downEvents(pool), (at) => performance.timeOrigin + at);
    const [detect, decide, deliver] = [parts.detectMs, parts.decideMs, parts.deliverMs].map(distribution);
    const byNode = await checksByNode(pool, fromMs, untilMs);
    const nodes: NodeWindow[] = cluster.nodeIds.map((nodeId, i) => ({
      nodeId,
      cpuSeconds: (cpuAfter[i] ?? 0) - (cpuBefore[i] ?? 0),
      checks: byNode.get(nodeId) ?? 0,
    }));
    const cpuSeconds = nodes.reduce((sum, node) => sum + node.cpuSeconds, 0);
    const recordedChecks = nodes.reduce((sum, node) => sum + node.checks, 0);
    const tbotPerCpuSecond = recordedChecks / cpuSeconds;
    const barePerCpuSecond = bare.checks / bare.cpuSeconds;
    const windowSeconds = SLOTS * INTERVAL_S;
    const loadAfter = loadavg();

    console.log(
      `monitoring: ${formatInteger(settings.servers)} servers (${GROUPS} groups, half TCP, half HTTP), ` +
        `${INTERVAL_S} s interval, ${NODES} nodes, ${windowSeconds} s window (${SLOTS} slots), ` +
        `${flapping.size} flapping (${planned.length} outages); setup ${setupSeconds.toFixed(1)} s; ` +
        `load ${loadBefore[0]?.toFixed(2)} before, ${loadAfter[0]?.toFixed(2)} after\n`,
    );
    const ms = (value: number) => formatFixed(value, 0);
    console.log(
      formatTable(
        [
          { header: 'figure' },
          { header: 'TBot', align: 'right' },
          { header: 'bare loop', align: 'right' },
          { header: 'target' },
        ],
        [
          ['checks in the window', formatInteger(slots.probes), formatInteger(bare.checks), ''],
          [
            'checks/s',
            formatFixed(slots.probes / windowSeconds, 1),
            formatFixed(bare.checks / (baselineSlots * INTERVAL_S), 1),
            '',
          ],
          ['check start lag p50 ms', ms(lag.p50), ms(distribution(bareSlots.lagsMs).p50), ''],
          ['check start lag p99 ms', ms(lag.p99), ms(distribution(bareSlots.lagsMs).p99), '< 1000'],
          ['check start lag max ms', ms(lag.max), ms(distribution(bareSlots.lagsMs).max), ''],
          ['recorded lag p99 ms (started_at - slot)', ms(recordedLag.p99), '', ''],
          ['started_at -> target p50 / p99 ms', `${ms(probeWait.p50)} / ${ms(probeWait.p99)}`, '', ''],
          ['duplicate checks', formatInteger(slots.duplicates), formatInteger(bareSlots.duplicates), '0'],
          ['slots missed (steady targets)', formatInteger(slots.missed), '', '0'],
          ['alerts (outages)', `${alerts.latenciesMs.length}/${outages.length}`, '', 'all'],
          ['alert latency p50 ms', ms(alertLatency.p50), '', ''],
          ['alert latency p99 ms', ms(alertLatency.p99), '', `< ${ALERT_TARGET_MS}`],
          ['alert latency max ms', ms(alertLatency.max), '', ''],
          [
            '  down -> DOWN probe p50 / p99 ms',
            `${ms(detect?.p50 ?? NaN)} / ${ms(detect?.p99 ?? NaN)}`,
            '',
            '',
          ],
          [
            '  probe -> ServerWentDown p50 / p99 ms',
            `${ms(decide?.p50 ?? NaN)} / ${ms(decide?.p99 ?? NaN)}`,
            '',
            '',
          ],
          [
            '  ServerWentDown -> Bot API p50 / p99 ms',
            `${ms(deliver?.p50 ?? NaN)} / ${ms(deliver?.p99 ?? NaN)}`,
            '',
            '',
          ],
          ['false alerts', formatInteger(alerts.falseAlerts), '', '0'],
          ['most messages to one chat in 60 s', formatInteger(alerts.maxPerChatPerMinute), '', '<= 20'],
          ...nodes.map((node) => [
            `CPU s per 1,000 checks, ${node.nodeId}`,
            formatFixed((node.cpuSeconds / node.checks) * 1000, 2),
            '',
            '',
          ]),
          [
            'CPU s per 1,000 checks',
            formatFixed((cpuSeconds / recordedChecks) * 1000, 2),
            formatFixed((bare.cpuSeconds / bare.checks) * 1000, 2),
            '',
          ],
          ['checks per CPU second', formatFixed(tbotPerCpuSecond, 0), formatFixed(barePerCpuSecond, 0), ''],
          ['bench loop delay p99 ms (targets, emulator)', ms(loopDelay.percentile(99) / 1e6), '', ''],
        ],
      ),
    );
    if (epochsBefore !== epochsAfter) log('partitions moved during the window: the per-node figures are off');
    if (bare.failures > 0) log(`the bare loop had ${bare.failures} failed checks`);
    const round = (value: number, digits = 0) => Number(value.toFixed(digits));
    const summary = {
      bench: 'monitoring',
      servers: settings.servers,
      groups: GROUPS,
      nodes: NODES,
      interval_s: INTERVAL_S,
      window_s: windowSeconds,
      checks: slots.probes,
      check_lag_p50_ms: round(lag.p50),
      check_lag_p99_ms: round(lag.p99),
      check_lag_max_ms: round(lag.max),
      recorded_lag_p99_ms: round(recordedLag.p99),
      probe_wait_p99_ms: round(probeWait.p99),
      duplicate_checks: slots.duplicates,
      missed_slots: slots.missed,
      outages: outages.length,
      alerts_missing: alerts.missing,
      alert_latency_p50_ms: round(alertLatency.p50),
      alert_latency_p99_ms: round(alertLatency.p99),
      alert_latency_target_ms: ALERT_TARGET_MS,
      alert_detect_p99_ms: round(detect?.p99 ?? NaN),
      alert_decide_p99_ms: round(decide?.p99 ?? NaN),
      alert_deliver_p99_ms: round(deliver?.p99 ?? NaN),
      false_alerts: alerts.falseAlerts,
      max_messages_per_chat_per_min: alerts.maxPerChatPerMinute,
      cpu_s_per_1000_checks: round((cpuSeconds / recordedChecks) * 1000, 3),
      cpu_s_per_1000_checks_by_node: nodes.map((node) => round((node.cpuSeconds / node.checks) * 1000, 3)),
      baseline_cpu_s_per_1000_checks: round((bare.cpuSeconds / bare.checks) * 1000, 3),
      baseline_lag_p99_ms: round(distribution(bareSlots.lagsMs).p99),
      baseline_ratio: round(tbotPerCpuSecond / barePerCpuSecond, 3),
      partitions_moved: epochsBefore !== epochsAfter,
      setup_s: round(setupSeconds, 1),
      load_1m_before: round(loadBefore[0] ?? 0, 2),
      load_1m_after: round(loadAfter[0] ?? 0, 2),
    };
    console.log(`\n${JSON.stringify(summary)}`);
  } finally {
    for (const timer of timers) clearTimeout(timer);
    await cluster?.stop().catch((error: unknown) => log(`nodes did not stop cleanly: ${String(error)}`));
    await emulator?.stop();
    await run?.finish();
    await fleet.close();
  }
}

await main();
