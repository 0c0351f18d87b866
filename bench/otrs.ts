/**
 * The OTRS feed at scale, issue #16 point 8: BENCH_TICKETS open tickets (default 10,000) in a local OTRS
 * (test/support/otrs-server, seeded directly), BENCH_RATE changes a second (default 50) for BENCH_SECONDS
 * (default 60), half told to TBot by OTRS's Invoker-style webhook, half left for the poller to find, on real
 * `tbot serve` nodes (BENCH_NODES, default 2; every role; PostgreSQL database of its own, Redis, Telegram at the
 * Bot API emulator of the tests) whose routing rules send each queue's cards to a group chat of its own
 * (BENCH_CHATS queues and chats, default 100: the routing API's most).
 *
 *   npm run bench:otrs     BENCH_TICKETS, BENCH_SECONDS, BENCH_RATE, BENCH_CHATS, BENCH_NODES,
 *                          BENCH_POLL_INTERVAL_MS (OTRS_POLL_INTERVAL_MS, default 10,000),
 *                          BENCH_BASELINE_SECONDS (default 20); BENCH_DATABASE_URL names the PostgreSQL
 *                          server, BENCH_REDIS_URL the Redis.
 *
 * Each change sets a ticket's priority (the card shows it): the emulator's record of Bot API calls ties a card
 * call (sendMessage or editMessageText) to a change by the ticket number and the new priority in its text.
 * - latency: from the change made in OTRS to the first card call showing it, p50/p99 by the way TBot heard
 *   of it (target < 2 s by webhook, < poll interval + 2 s by the poller);
 * - duplicates: changes shown by more than one call in one chat (target 0); and ticket events recorded beyond
 *   one per change;
 * - the poller's OTRS requests a minute (TicketSearch, its TicketGets, the tickets they read) against how far
 *   back its searches reach (its watermark window);
 * - the floor: the same changes (times, chats) through a perfect sender under Telegram's documented limits (1 s
 *   per chat, 20 a minute per group, 30 a second overall; bench/support/otrs-floor.ts), from each change and
 *   from each card's outbox row; TBot's pipeline latency (change → card row); Telegram's capacity for the
 *   chats against the rate asked. At 50 changes/s no sender meets 2 s: Telegram lets ~30 calls a second
 *   through, whatever the chats. `BENCH_RATE=25` is a load within the limits;
 * - baseline, before the nodes start: the same changes by the same webhook calls and the same OTRS server,
 *   handled by a bare HTTP server that reads the ticket and makes the Telegram call at once and a bare polling
 *   loop of TicketSearch + TicketGet at the same interval (bench/support/otrs-bare-loops.ts).
 * The OTRS server, the emulator, the change generator and the baselines run in this process (its event loop
 * delay is shown). The last line of stdout is one JSON object of the figures.
 */
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type pg from 'pg';
import { BotApiEmulator } from '../test/support/bot-api-emulator.ts';
import { eventually } from '../test/support/eventually.ts';
import { startLocalOtrsServer } from '../test/support/otrs-server/index.ts';
import { TEST_BOT_TOKEN } from '../test/support/telegram-harness.ts';
import { startBenchRun } from './support/bench-run.ts';
import { type BenchCluster, startBenchCluster } from './support/monitoring-cluster.ts';
import { startBareLoops } from './support/otrs-bare-loops.ts';
import { type AppliedChange, planChanges } from './support/otrs-changes.ts';
import { type PhaseResult, runPhase } from './support/otrs-phase.ts';
import { setRoutingRules, setRoutingRulesInStore } from './support/otrs-routing.ts';
import { DOCUMENTED_LIMITS, floorWaits } from './support/otrs-floor.ts';
import { stageFigures } from './support/otrs-stages.ts';
import {
  IMPORT_ROUTING_RULES,
  SERVICE_AGENT,
  benchChat,
  benchQueue,
  benchRoutingRules,
  seedOtrs,
} from './support/otrs-seed.ts';
import { distribution } from './support/percentiles.ts';
import { formatFixed, formatInteger, formatTable } from './support/results-table.ts';
import { wholeNumberFromEnv } from './support/env-numbers.ts';

const settings = {
  tickets: wholeNumberFromEnv('BENCH_TICKETS', 10_000, 10, 100_000),
  seconds: wholeNumberFromEnv('BENCH_SECONDS', 60, 2, 3600),
  rate: wholeNumberFromEnv('BENCH_RATE', 50, 1, 1000),
  chats: wholeNumberFromEnv('BENCH_CHATS', 100, 1, 100),
  nodes: wholeNumberFromEnv('BENCH_NODES', 2, 1, 8),
  pollIntervalMs: wholeNumberFromEnv('BENCH_POLL_INTERVAL_MS', 10_000, 1000, 600_000),
  baselineSeconds: wholeNumberFromEnv('BENCH_BASELINE_SECONDS', 20, 0, 600),
};
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TIME_ZONE = 'UTC';
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';
const WEBHOOK_TARGET_MS = 2000;
const POLL_TARGET_MS = settings.pollIntervalMs + 2000;
/** TBot's feed reads tickets 50 to a TicketGet; the bare poller does the same. */
const BATCH_SIZE = 50;

const log = (message: string) => console.error(`bench:otrs: ${message}`);

const countOf = async (pool: pg.Pool, sql: string, params: unknown[] = []) =>
  Number((await pool.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);

/** Ticket events recorded beyond one per change: a change seen by the webhook and the poller recorded twice. */
async function duplicateEvents(
  pool: pg.Pool,
  applied: readonly AppliedChange[],
  fromWallMs: number,
): Promise<{ events: number; duplicates: number }> {
  const { rows } = await pool.query<{ stream_id: string; n: number }>(
    `select stream_id, count(*)::int as n from es.events
      where type = 'TicketPriorityChanged' and recorded_at >= to_timestamp($1::float8 / 1000)
      group by stream_id`,
    [fromWallMs],
  );
  const changes = new Map<string, number>();
  for (const change of applied) {
    const stream = `otrs-ticket-${change.ticket.id}`;
    changes.set(stream, (changes.get(stream) ?? 0) + 1);
  }
  let events = 0;
  let duplicates = 0;
  for (const row of rows) {
    events += row.n;
    duplicates += Math.max(0, row.n - (changes.get(row.stream_id) ?? 0));
  }
  return { events, duplicates };
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  log(
    `${settings.tickets} tickets, ${settings.rate} changes/s for ${settings.seconds} s, ` +
      `${settings.chats} chats, ${settings.nodes} nodes, poll every ${settings.pollIntervalMs} ms`,
  );
  const otrs = await startLocalOtrsServer({ timeZone: TIME_ZONE });
  const seeded = seedOtrs(otrs.state, { tickets: settings.tickets, chats: settings.chats });
  log(`seeded ${seeded.tickets.length} tickets in ${seeded.seedMs.toFixed(0)} ms`);
  const chatOfQueue = new Map(
    Array.from({ length: settings.chats }, (_, c) => [benchQueue(c), benchChat(c)] as const),
  );
  const turns = new Map<number, number>();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  let emulator: BotApiEmulator | null = null;
  let cluster: BenchCluster | null = null;
  let run: Awaited<ReturnType<typeof startBenchRun>> | null = null;
  try {
    emulator = await BotApiEmulator.start();

    // The baseline first, on an otherwise idle bench.
    let bare: PhaseResult | null = null;
    let bareRequests = { search: 0, get: 0 };
    let nextSeq = 0;
    if (settings.baselineSeconds > 0) {
      log(`bare loops: ${settings.baselineSeconds} s`);
      const loops = await startBareLoops({
        otrsBaseUrl: otrs.baseUrl,
        webservice: otrs.webservice,
        user: SERVICE_AGENT.login,
        password: SERVICE_AGENT.password,
        timeZone: TIME_ZONE,
        telegramApiRoot: emulator.apiRoot,
        botToken: TEST_BOT_TOKEN,
        chatOf: (queue) => chatOfQueue.get(queue),
        pollEveryMs: settings.pollIntervalMs,
        batchSize: BATCH_SIZE,
      });
      const plan = planChanges({
        tickets: seeded.tickets,
        chats: settings.chats,
        perSecond: settings.rate,
        seconds: settings.baselineSeconds,
        turns,
      });
      nextSeq = plan.length;
      bare = await runPhase({
        otrs,
        emulator,
        plan,
        changingAgentId: seeded.changingAgentId,
        webhookUrl: () => loops.webhookUrl,
        secret: WEBHOOK_SECRET,
        pollIntervalMs: settings.pollIntervalMs,
        drainMs: settings.pollIntervalMs + 30_000,
      });
      bareRequests = { ...loops.pollerRequests };
      const [webhook, poll] = [bare.cards.latenciesMs.webhook, bare.cards.latenciesMs.poll].map(distribution);
      log(
        `bare loops: webhook p50/p99 ${webhook?.p50.toFixed(0)}/${webhook?.p99.toFixed(0)} ms, ` +
          `poll p50/p99 ${poll?.p50.toFixed(0)}/${poll?.p99.toFixed(0)} ms, ${bare.cards.duplicates} duplicates`,
      );
      await loops.stop();
      if (loops.failures.otrs + loops.failures.telegram > 0) {
        log(`bare loops: ${loops.failures.otrs} OTRS and ${loops.failures.telegram} Telegram failures`);
      }
    }

    // Ctrl-C reaches the nodes too (one process group); the database is dropped on the way out.
    run = await startBenchRun('otrs', 30 * 60_000 + settings.seconds * 1000, { onSignal: 'exit' });
    const database = run.database.open(4);
    const pool = database.pool;
    const routeTo = (rules: Parameters<typeof setRoutingRules>[0]['rules']) =>
      setRoutingRules({
        baseUrl: cluster?.nodes[0]?.baseUrl ?? '',
        database,
        databaseUrl: run?.database.url ?? '',
        rules,
      });
    // The import's rule before any node runs: the first event of the log, so no ticket is recorded before it.
    await setRoutingRulesInStore({
      database,
      databaseUrl: run.database.url,
      rules: IMPORT_ROUTING_RULES,
    });
    cluster = await startBenchCluster({
      databaseUrl: run.database.url,
      redisUrl: REDIS_URL,
      telegramApiRoot: emulator.apiRoot,
      nodes: settings.nodes,
      env: {
        OTRS_BASE_URL: otrs.baseUrl,
        OTRS_WEBSERVICE: otrs.webservice,
        OTRS_TIMEZONE: TIME_ZONE,
        OTRS_POLL_INTERVAL_MS: String(settings.pollIntervalMs),
        OTRS_SERVICE_USER: SERVICE_AGENT.login,
        OTRS_SERVICE_PASSWORD: SERVICE_AGENT.password,
        OTRS_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    log('nodes listening; waiting for the poller to read the open tickets');
    const importStart = performance.now();
    let lastSaid = performance.now();
    const imported = async () => {
      const n = await countOf(pool, "select count(*) as n from es.events where type = 'TicketOpened'");
      if (performance.now() - lastSaid > 30_000) {
        lastSaid = performance.now();
        log(`${n} of ${settings.tickets} tickets recorded`);
      }
      return n >= settings.tickets;
    };
    if (!(await eventually(imported, 15 * 60_000, 1000))) {
      for (const node of cluster.nodes) {
        const trouble = node.logs.filter((entry) => Number(entry['level']) >= 40).slice(-10);
        for (const entry of trouble) log(`node log: ${JSON.stringify(entry).slice(0, 600)}`);
      }
      throw new Error('the poller did not read the open tickets within 15 minutes');
    }
    // Should a ticket have been recorded before the import's rule, its row for nobody is dropped first: the
    // window opens on an empty outbox.
    const drained = () =>
      countOf(pool, "select count(*) as n from notifications.outbox where status = 'pending'").then(
        (n) => n === 0,
      );
    if (!(await eventually(drained, 10 * 60_000, 1000))) {
      throw new Error('the outbox did not drain within 10 minutes of the import');
    }
    const importSeconds = (performance.now() - importStart) / 1000;
    log(`imported in ${importSeconds.toFixed(1)} s; setting the routing rules`);
    if ((await routeTo(benchRoutingRules(settings.chats))).via === 'store') {
      log('no routing API on the nodes: rules set through the command handler');
    }
    // The reactor reads the rules from its own tables: give it a moment to take them in.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const plan = planChanges({
      tickets: seeded.tickets,
      chats: settings.chats,
      perSecond: settings.rate,
      seconds: settings.seconds,
      fromSeq: nextSeq,
      turns,
    });
    const nodeUrls = cluster.nodes.map((node) => node.baseUrl);
    const fromWallMs = Date.now();
    const cpuBefore = process.cpuUsage();
    loopDelay.enable();
    log(`window open: ${plan.length} changes`);
    const tbot = await runPhase({
      otrs,
      emulator,
      plan,
      changingAgentId: seeded.changingAgentId,
      // A load balancer's round robin over the nodes.
      webhookUrl: (change) => `${nodeUrls[change.seq % nodeUrls.length] ?? ''}/otrs/webhook`,
      secret: WEBHOOK_SECRET,
      pollIntervalMs: settings.pollIntervalMs,
      drainMs: settings.pollIntervalMs + 120_000,
    });
    loopDelay.disable();
    const benchCpu = process.cpuUsage(cpuBefore);
    if (tbot.cards.missing.webhook + tbot.cards.missing.poll > 0) {
      // Changes never shown: what the nodes complained of, so the figure is not a mystery.
      for (const node of cluster.nodes) {
        const trouble = node.logs.filter((entry) => Number(entry['level']) >= 40).slice(-5);
        for (const entry of trouble) log(`node log: ${JSON.stringify(entry).slice(0, 600)}`);
      }
    }
    const events = await duplicateEvents(pool, tbot.applied, fromWallMs);
    const stages = await stageFigures(pool, tbot.applied, fromWallMs, (at) => performance.timeOrigin + at);
    // The floor: what a perfect sender under Telegram's documented limits would show for the same changes
    // (bench/support/otrs-floor.ts), from the change (Telegram's limits alone) and from the card row (TBot's
    // pipeline, then a perfect sender). What the measured latency has beyond the second is the sender's own.
    const chatOfChange = (change: AppliedChange) => benchChat(change.ticket.chat);
    const byPath = (
      changes: readonly AppliedChange[],
      waits: readonly number[],
      extra: (i: number) => number,
    ) => {
      const out: Record<'webhook' | 'poll', number[]> = { webhook: [], poll: [] };
      changes.forEach((change, i) => out[change.path].push((waits[i] ?? 0) + extra(i)));
      return out;
    };
    const floor = byPath(
      tbot.applied,
      floorWaits(tbot.applied.map((change) => ({ at: change.appliedAt, chatId: chatOfChange(change) }))),
      () => 0,
    );
    const readyChanges = tbot.applied.filter((change) => stages.readyAtBySeq.has(change.seq));
    const readyAt = (change: AppliedChange) =>
      (stages.readyAtBySeq.get(change.seq) ?? 0) - performance.timeOrigin;
    const readyFloor = byPath(
      readyChanges,
      floorWaits(readyChanges.map((change) => ({ at: readyAt(change), chatId: chatOfChange(change) }))),
      (i) => {
        const change = readyChanges[i];
        return change === undefined ? 0 : readyAt(change) - change.appliedAt;
      },
    );
    // What Telegram's limits let through for these chats, against what the bench asks for.
    const capacityPerS = Math.min(
      DOCUMENTED_LIMITS.globalPerSecond,
      (settings.chats * DOCUMENTED_LIMITS.groupMaxPerWindow * 1000) / DOCUMENTED_LIMITS.groupWindowMs,
    );
    const stage = (values: number[]) => {
      const d = distribution(values);
      return `${formatFixed(d.p50, 0)} / ${formatFixed(d.p99, 0)}`;
    };
    const loadAfter = loadavg();

    const ms = (value: number) => formatFixed(value, 0);
    const lat = (figures: PhaseResult | null) => ({
      webhook: distribution(figures?.cards.latenciesMs.webhook ?? []),
      poll: distribution(figures?.cards.latenciesMs.poll ?? []),
    });
    const t = lat(tbot);
    const b = lat(bare);
    const perMinute = (value: number, figures: PhaseResult | null) =>
      figures === null ? '' : formatFixed(value / figures.poller.minutes, 0);
    const shown = (figures: PhaseResult | null, path: 'webhook' | 'poll') =>
      figures === null
        ? ''
        : `${figures.cards.latenciesMs[path].length}/${figures.applied.filter((c) => c.path === path).length}`;

    console.log(
      `otrs: ${formatInteger(settings.tickets)} open tickets, ${settings.rate} changes/s for ` +
        `${tbot.seconds.toFixed(0)} s (${formatInteger(tbot.applied.length)} changes, half by webhook), ` +
        `${settings.chats} routed chats, ${settings.nodes} nodes, poll interval ${settings.pollIntervalMs} ms; ` +
        `seed ${seeded.seedMs.toFixed(0)} ms, import ${importSeconds.toFixed(1)} s; ` +
        `load ${loadBefore[0]?.toFixed(2)} before, ${loadAfter[0]?.toFixed(2)} after\n`,
    );
    console.log(
      formatTable(
        [
          { header: 'figure' },
          { header: 'TBot', align: 'right' },
          { header: 'bare loops', align: 'right' },
          { header: 'target' },
        ],
        [
          ['changes shown, by webhook', shown(tbot, 'webhook'), shown(bare, 'webhook'), 'all'],
          ['changes shown, by poller', shown(tbot, 'poll'), shown(bare, 'poll'), 'all'],
          ['webhook latency p50 ms', ms(t.webhook.p50), ms(b.webhook.p50), ''],
          ['webhook latency p99 ms', ms(t.webhook.p99), ms(b.webhook.p99), `< ${WEBHOOK_TARGET_MS}`],
          ['webhook latency max ms', ms(t.webhook.max), ms(b.webhook.max), ''],
          ['poll latency p50 ms', ms(t.poll.p50), ms(b.poll.p50), ''],
          ['poll latency p99 ms', ms(t.poll.p99), ms(b.poll.p99), `< ${POLL_TARGET_MS}`],
          ['poll latency max ms', ms(t.poll.max), ms(b.poll.max), ''],
          ['  change -> event p50 / p99 ms, webhook', stage(stages.feedMs.webhook), '', ''],
          ['  change -> event p50 / p99 ms, poller', stage(stages.feedMs.poll), '', ''],
          [
            '  event -> card row p50 / p99 ms',
            stage([...stages.reactorMs.webhook, ...stages.reactorMs.poll]),
            '',
            '',
          ],
          [
            'duplicates (changes shown twice in a chat)',
            formatInteger(tbot.cards.duplicates),
            formatInteger(bare?.cards.duplicates ?? 0),
            '0',
          ],
          ['  calls beyond the first', formatInteger(tbot.cards.duplicateCalls), '', '0'],
          [
            "Telegram's capacity for these chats, calls/s",
            `${formatFixed(capacityPerS, 1)} (asked ${settings.rate})`,
            '',
            '',
          ],
          ['floor: change -> call p50 / p99 ms, webhook', stage(floor.webhook), '', ''],
          ['floor: change -> call p50 / p99 ms, poller', stage(floor.poll), '', ''],
          [
            'TBot pipeline: change -> card row p50 / p99 ms, webhook',
            stage(stages.pipelineMs.webhook),
            '',
            '',
          ],
          ['TBot pipeline: change -> card row p50 / p99 ms, poller', stage(stages.pipelineMs.poll), '', ''],
          ['floor from the card row p50 / p99 ms, webhook', stage(readyFloor.webhook), '', ''],
          ['floor from the card row p50 / p99 ms, poller', stage(readyFloor.poll), '', ''],
          ['card calls showing no change', formatInteger(tbot.cards.unmatchedCalls), '', ''],
          ['duplicate ticket events', formatInteger(events.duplicates), '', '0'],
          ['webhook calls not answered 200', formatInteger(tbot.webhookFailures), '', '0'],
          [
            'poller TicketSearch / min',
            perMinute(tbot.poller.searches, tbot),
            perMinute(bare?.poller.searches ?? 0, bare),
            '',
          ],
          [
            'poller TicketGet / min',
            perMinute(tbot.poller.pollerGets, tbot),
            perMinute(bare?.poller.pollerGets ?? 0, bare),
            '',
          ],
          [
            'poller tickets read / min',
            perMinute(tbot.poller.pollerTicketsRead, tbot),
            perMinute(bare?.poller.pollerTicketsRead ?? 0, bare),
            '',
          ],
          [
            'changes made / min',
            perMinute(tbot.applied.length, tbot),
            perMinute(bare?.applied.length ?? 0, bare),
            '',
          ],
          [
            'search window mean / max s',
            `${formatFixed(tbot.poller.windowMeanS, 1)} / ${formatFixed(tbot.poller.windowMaxS, 1)}`,
            bare === null
              ? ''
              : `${formatFixed(bare.poller.windowMeanS, 1)} / ${formatFixed(bare.poller.windowMaxS, 1)}`,
            '',
          ],
          ['webhook TicketGet / min', perMinute(tbot.poller.webhookGets, tbot), '', ''],
          ['SessionCreate in the window', formatInteger(tbot.poller.sessions), '', ''],
          ['bench loop delay p99 ms (OTRS, emulator)', ms(loopDelay.percentile(99) / 1e6), '', ''],
          ['bench CPU s in the window', formatFixed((benchCpu.user + benchCpu.system) / 1e6, 1), '', ''],
        ],
      ),
    );
    if (bare !== null && bareRequests.search !== bare.poller.searches) {
      log(`the bare poller counted ${bareRequests.search} searches, the server ${bare.poller.searches}`);
    }
    const round = (value: number, digits = 0) =>
      Number.isFinite(value) ? Number(value.toFixed(digits)) : null;
    const rate = (value: number, figures: PhaseResult | null) =>
      figures === null ? null : round(value / figures.poller.minutes, 1);
    const summary = {
      bench: 'otrs',
      tickets: settings.tickets,
      changes: tbot.applied.length,
      changes_per_s: settings.rate,
      window_s: round(tbot.seconds, 1),
      chats: settings.chats,
      nodes: settings.nodes,
      poll_interval_ms: settings.pollIntervalMs,
      webhook_latency_p50_ms: round(t.webhook.p50),
      webhook_latency_p99_ms: round(t.webhook.p99),
      webhook_latency_max_ms: round(t.webhook.max),
      webhook_latency_target_ms: WEBHOOK_TARGET_MS,
      poll_latency_p50_ms: round(t.poll.p50),
      poll_latency_p99_ms: round(t.poll.p99),
      poll_latency_max_ms: round(t.poll.max),
      poll_latency_target_ms: POLL_TARGET_MS,
      missing_webhook: tbot.cards.missing.webhook,
      missing_poll: tbot.cards.missing.poll,
      feed_webhook_p99_ms: round(distribution(stages.feedMs.webhook).p99),
      feed_poll_p99_ms: round(distribution(stages.feedMs.poll).p99),
      reactor_p99_ms: round(distribution([...stages.reactorMs.webhook, ...stages.reactorMs.poll]).p99),
      telegram_capacity_per_s: round(capacityPerS, 1),
      floor_webhook_p50_ms: round(distribution(floor.webhook).p50),
      floor_webhook_p99_ms: round(distribution(floor.webhook).p99),
      floor_poll_p50_ms: round(distribution(floor.poll).p50),
      floor_poll_p99_ms: round(distribution(floor.poll).p99),
      pipeline_webhook_p50_ms: round(distribution(stages.pipelineMs.webhook).p50),
      pipeline_webhook_p99_ms: round(distribution(stages.pipelineMs.webhook).p99),
      pipeline_poll_p50_ms: round(distribution(stages.pipelineMs.poll).p50),
      pipeline_poll_p99_ms: round(distribution(stages.pipelineMs.poll).p99),
      ready_floor_webhook_p99_ms: round(distribution(readyFloor.webhook).p99),
      ready_floor_poll_p99_ms: round(distribution(readyFloor.poll).p99),
      duplicates: tbot.cards.duplicates,
      duplicate_calls: tbot.cards.duplicateCalls,
      duplicate_events: events.duplicates,
      unmatched_card_calls: tbot.cards.unmatchedCalls,
      webhook_failures: tbot.webhookFailures,
      poller_searches_per_min: rate(tbot.poller.searches, tbot),
      poller_gets_per_min: rate(tbot.poller.pollerGets, tbot),
      poller_tickets_read_per_min: rate(tbot.poller.pollerTicketsRead, tbot),
      poller_requests_per_min: rate(tbot.poller.searches + tbot.poller.pollerGets, tbot),
      poller_window_mean_s: round(tbot.poller.windowMeanS, 1),
      poller_window_max_s: round(tbot.poller.windowMaxS, 1),
      webhook_gets_per_min: rate(tbot.poller.webhookGets, tbot),
      baseline_seconds: settings.baselineSeconds,
      baseline_webhook_latency_p50_ms: round(b.webhook.p50),
      baseline_webhook_latency_p99_ms: round(b.webhook.p99),
      baseline_poll_latency_p50_ms: round(b.poll.p50),
      baseline_poll_latency_p99_ms: round(b.poll.p99),
      baseline_duplicates: bare?.cards.duplicates ?? null,
      baseline_missing: bare === null ? null : bare.cards.missing.webhook + bare.cards.missing.poll,
      baseline_poller_requests_per_min: rate(
        (bare?.poller.searches ?? 0) + (bare?.poller.pollerGets ?? 0),
        bare,
      ),
      baseline_poller_tickets_read_per_min: rate(bare?.poller.pollerTicketsRead ?? 0, bare),
      baseline_poller_window_mean_s: round(bare?.poller.windowMeanS ?? Number.NaN, 1),
      seed_ms: round(seeded.seedMs),
      import_s: round(importSeconds, 1),
      bench_loop_delay_p99_ms: round(loopDelay.percentile(99) / 1e6),
      load_1m_before: round(loadBefore[0] ?? 0, 2),
      load_1m_after: round(loadAfter[0] ?? 0, 2),
    };
    console.log(`\n${JSON.stringify(summary)}`);
  } finally {
    await cluster?.stop().catch((error: unknown) => log(`nodes did not stop cleanly: ${String(error)}`));
    await emulator?.stop();
    await run?.finish();
    await otrs.close();
  }
}

await main();
