import type { EventMetadata } from '../../../domain/shared/index.ts';
import type { CatalogCheck, CheckCatalog } from '../../ports/check-catalog.ts';
import { checkPartitionOf, type PartitionChange } from '../../ports/check-partitions.ts';
import {
  type CheckResultRecord,
  type CheckResults,
  RESULT_BATCH_MAX,
  type RecentResult,
} from '../../ports/check-results.ts';
import {
  type Clock,
  FencedAppendError,
  type IdGenerator,
  type Logger,
  randomIds,
  systemClock,
} from '../../ports/index.ts';
import type { Probe, ProbeLimits, ProbeResult } from '../../ports/probe.ts';
import type { CheckResult, CheckStateCommands, KnownCheckState } from '../check-state-commands.ts';
import { type CheckSchedulerMetrics, LATE_AFTER_MS, noSchedulerMetrics } from './check-scheduler-metrics.ts';
import { lastOccurrenceStart, windowsOn } from './maintenance-edges.ts';
import { CLOCK_SKEW_MARGIN_MS, type PlannedRun, firstRun, nextRun } from './run-plan.ts';
import { forEachBounded } from './bounded-each.ts';
import { makeResultBatchWriter } from './result-batch-writer.ts';
import { type LateChecks, createLateChecks } from './late-checks.ts';
import { slotOffsetMs } from './slot-offset.ts';

export interface CheckSchedulerOptions {
  readonly catalog: CheckCatalog;
  /** Bounded by the caller (`withConcurrencyLimit`); each run gets the check's timeout. */
  readonly probe: Probe;
  readonly results: Pick<CheckResults, 'record' | 'recent' | 'lastSlots'>;
  readonly checkStates: Pick<CheckStateCommands, 'recordResult' | 'startMaintenance' | 'endMaintenance'>;
  /** The windows a check's state is in now (read once when this node takes the check on). */
  readonly maintenanceOf: (checkId: string) => Promise<readonly string[]>;
  /** How often the maintenance windows are looked at for starts and ends. */
  readonly maintenanceTickMs?: number;
  readonly logger: Logger;
  readonly metrics?: CheckSchedulerMetrics;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** How often the catalog is read again for added, changed and removed checks. */
  readonly refreshMs?: number;
  /** A push check's slot is judged this long after it ends, so a push sent at its last moment counts. */
  readonly pushGraceMs?: number;
  /** The http probe's body cap and redirects, read at each run (runtime settings, applied live). */
  readonly probeLimits?: () => Omit<ProbeLimits, 'timeoutMs'>;
  /** Tries of a results batch the database failed to take, before its results are dropped (logged). */
  readonly recordTries?: number;
  /** Checks whose maintenance edges are applied at once in a tick (each end may wait for a probe). */
  readonly maintenanceConcurrency?: number;
  /** Where the runs started late are kept for {@link CheckScheduler.recentLateCount}. */
  readonly lateChecks?: LateChecks;
}

export interface CheckScheduler {
  /** The partitions holder's change listener: starts the acquired partitions' checks, stops the released. */
  apply(change: PartitionChange): void;
  /** Reads the catalog again now (also done every `refreshMs`). */
  refresh(): Promise<void>;
  /** Checks scheduled on this node now. */
  scheduled(): number;
  /** Runs started late on this node in the last `windowMs` (at most an hour): the self-watch's signal. */
  recentLateCount(windowMs: number): number;
  /** Stops every check (their probes aborted) and waits for the runs in progress to settle. */
  stop(): Promise<void>;
}

interface HeldRun {
  readonly partition: number;
  readonly epoch: number;
  readonly abort: AbortController;
  readonly queue: QueuedResult[];
  flushing: boolean;
}

interface Scheduled {
  check: CatalogCheck;
  readonly held: HeldRun;
  plan: PlannedRun;
  timer: NodeJS.Timeout | undefined;
  /** A run is in progress: its end plans the next (one run of a check at a time, review G8). */
  running: boolean;
  /** The timing changed during the run: its end plans afresh from the new interval. */
  replan: boolean;
  /** The start of the slot of this check's latest run here (or recorded before it was taken on). */
  lastSlotAtMs: number | null;
  retrying: boolean;
  stopped: boolean;
  /** Windows this check is in, by id, with their occurrence's start; `null` until read from its state. */
  maintenance: Map<string, Date> | null;
  /**
   * The check's state after its last result here (G14): a result reads only the events appended since, not
   * the whole stream. Kept only for the checks held, so memory follows this node's share.
   */
  known: KnownCheckState | undefined;
}

interface QueuedResult {
  readonly scheduled: Scheduled;
  readonly record: CheckResultRecord;
  readonly stateSlot: number;
  /** An https check's certificate, for the state machine's expiry warning (not a results column). */
  readonly tls: Pick<ProbeResult, 'tlsValidTo' | 'tlsExpiring'>;
  readonly done: () => void;
}

const tlsOf = (result: ProbeResult): QueuedResult['tls'] => ({
  ...(result.tlsValidTo === undefined ? {} : { tlsValidTo: result.tlsValidTo }),
  ...(result.tlsExpiring === undefined ? {} : { tlsExpiring: result.tlsExpiring }),
});

/** The settings' defaults (`monitoring.httpBodyLimitBytes`, `monitoring.httpMaxRedirects`). */
export const DEFAULT_PROBE_LIMITS = { maxBodyBytes: 1 << 20, maxRedirects: 5 } as const;
/** Tries to feed one recorded result to the check's state machine. */
const FEED_TRIES = 2;
/** An end probe cut short: no result, so no end decided on it. */
const ABORTED = Symbol('aborted');
const ACTOR = { kind: 'system', id: 'monitoring-scheduler', name: 'Monitoring scheduler' } as const;
/**
 * The partition claim a check's state appends are fenced on (in their transaction, on PostgreSQL): a holder
 * paused past its lease appends nothing once another node claimed the partition (review G13, F4). An event
 * store without such a fence (EventStoreDB, issue #18) has only the (check, slot) idempotency key as the
 * guard: it stops a second append of one decision, not a stale holder deciding another.
 */
const fenceOf = (scheduled: Scheduled) => ({
  partition: scheduled.held.partition,
  epoch: scheduled.held.epoch,
});
/**
 * The check is in a maintenance window as this node knows it when the probe is taken: its result is recorded as
 * such, and left out of the uptime. The windows started here are known at once; before this node's first
 * maintenance tick for the check, its state as last folded here says it.
 */
const inMaintenance = (scheduled: Scheduled): boolean =>
  scheduled.maintenance === null
    ? scheduled.known?.state.status === 'maintenance'
    : scheduled.maintenance.size > 0;
/** Where in its slots a check runs; a push check's slots are judged after their end, not run in them. */
const offsetOf = (check: CatalogCheck) =>
  check.definition.kind === 'push' ? 0 : slotOffsetMs(check.checkId, check.timing);
/** How far back the last recorded slot of a check taken on is looked for: past the longest interval. */
const LAST_SLOT_LOOKBACK_MS = 2 * 60 * 60 * 1000;
const sameCheck = (a: CatalogCheck, b: CatalogCheck) =>
  JSON.stringify([a.definition, a.timing]) === JSON.stringify([b.definition, b.timing]);

/**
 * Runs the checks of the partitions this node holds, each once per slot of its interval (at the retry interval
 * while PENDING). A result is written to the fenced results store first, and only once written is it fed to
 * the check's state machine (whose append carries the (check, slot) key): a holder that lost its partition
 * writes nothing and changes no state. A lost or released partition's probes are aborted at once.
 */
export function createCheckScheduler(options: CheckSchedulerOptions): CheckScheduler {
  const { catalog, probe, results, checkStates, maintenanceOf, logger } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const metrics = options.metrics ?? noSchedulerMetrics;
  const refreshMs = options.refreshMs ?? 5000;
  const pushGraceMs = options.pushGraceMs ?? 2000;
  const probeLimits = options.probeLimits ?? (() => DEFAULT_PROBE_LIMITS);
  const limitsOf = (check: CatalogCheck): ProbeLimits => ({
    ...probeLimits(),
    timeoutMs: check.timing.timeoutSeconds * 1000,
  });
  const recordTries = options.recordTries ?? 3;
  const maintenanceConcurrency = options.maintenanceConcurrency ?? 32;
  const lateChecks = options.lateChecks ?? createLateChecks();
  const heldRuns = new Map<number, HeldRun>();
  const checks = new Map<string, Scheduled>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let refreshing: Promise<void> | null = null;

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const unschedule = (scheduled: Scheduled) => {
    scheduled.stopped = true;
    clearTimeout(scheduled.timer);
    if (checks.get(scheduled.check.checkId) === scheduled) checks.delete(scheduled.check.checkId);
  };

  const dropPartition = (partition: number, epoch: number, why: string) => {
    const held = heldRuns.get(partition);
    if (!held || held.epoch !== epoch) return;
    heldRuns.delete(partition);
    held.abort.abort(new Error(why));
    for (const scheduled of [...checks.values()]) if (scheduled.held === held) unschedule(scheduled);
    logger.info({ partition, epoch, why }, 'scheduler partition stopped');
  };

  /**
   * This node still runs the check under the partition's epoch it started it with. Looked at right before a
   * state append: a partition released (or lost) while a probe or a write was awaited decides nothing more.
   * The holder's answer is local (as `CheckPartitions.holds`): the append's fence (`fenceOf`) closes the rest.
   */
  const stillHeld = (scheduled: Scheduled) =>
    !stopped &&
    !scheduled.stopped &&
    !scheduled.held.abort.signal.aborted &&
    heldRuns.get(scheduled.held.partition) === scheduled.held;

  const arm = (scheduled: Scheduled) => {
    if (scheduled.stopped || stopped) return;
    const { plan, check } = scheduled;
    const dueMs = check.definition.kind === 'push' ? pushJudgedAt(scheduled) : plan.plannedMs;
    const delay = Math.max(0, dueMs - clock.now().getTime());
    // One timer per check, whoever arms it (a run ending, a changed interval).
    clearTimeout(scheduled.timer);
    scheduled.timer = setTimeout(() => track(run(scheduled)), delay);
  };

  const pushJudgedAt = (scheduled: Scheduled) =>
    scheduled.plan.plannedMs + scheduled.check.timing.intervalSeconds * 1000 + pushGraceMs;

  const metadata = (at: Date): EventMetadata => {
    const id = ids.newId();
    return {
      actor: ACTOR,
      correlationId: id,
      causationId: id,
      source: 'system',
      occurredAt: at.toISOString(),
    };
  };

  /** One run: probe (or judge a push slot), queue the result for its partition's batch, plan the next. */
  const run = async (scheduled: Scheduled): Promise<void> => {
    if (scheduled.running) return;
    scheduled.running = true;
    const { check, plan, held } = scheduled;
    const startedAt = clock.now();
    // As it is when the probe starts: a window ending during the probe still holds its result.
    const maintained = inMaintenance(scheduled);
    scheduled.lastSlotAtMs = plan.recordSlot * plan.recordIntervalSeconds * 1000;
    try {
      const outcome = await measure(scheduled, startedAt);
      if (outcome === null || scheduled.stopped || held.abort.signal.aborted) return;
      await new Promise<void>((done) => {
        held.queue.push({
          scheduled,
          stateSlot: plan.stateSlot,
          tls: tlsOf(outcome),
          done,
          record: {
            checkId: check.checkId,
            serverId: check.serverId,
            slot: plan.recordSlot,
            intervalSeconds: plan.recordIntervalSeconds,
            startedAt,
            status: outcome.status,
            latencyMs: outcome.latencyMs,
            message: outcome.message,
            inMaintenance: maintained,
          },
        });
        void flush(held);
      });
    } catch (error) {
      logger.error({ err: error, checkId: check.checkId }, 'a check run failed');
    } finally {
      scheduled.running = false;
      if (!scheduled.stopped) {
        // The timing as it is now: the check may have changed while it ran.
        const { timing, definition } = scheduled.check;
        // A push check has no retry runs: its slots are the interval's, those the push route writes on, and
        // its retries are counted over them (a retry plan would drift off them: a false "no push" every slot).
        const retrying = scheduled.retrying && definition.kind !== 'push';
        const nowMs = clock.now().getTime();
        scheduled.plan = scheduled.replan
          ? replanned(scheduled, nowMs)
          : nextRun(timing, plan, retrying, nowMs, offsetOf(scheduled.check));
        scheduled.replan = false;
        arm(scheduled);
      }
    }
  };

  const measure = async (scheduled: Scheduled, startedAt: Date): Promise<ProbeResult | null> => {
    const { check, plan, held } = scheduled;
    const { definition } = check;
    if (startedAt.getTime() - plan.plannedMs > LATE_AFTER_MS && definition.kind !== 'push') {
      metrics.checkLate(definition.kind);
      lateChecks.record(startedAt.getTime());
    }
    if (definition.kind === 'push') {
      // A push recorded in the slot (by the push route, on any node) is its up; none is down. By time, not
      // by slot number: a push written under an interval changed since is still in the slot.
      const recent = await results.recent(check.checkId, 5);
      const slotStart = plan.recordSlot * plan.recordIntervalSeconds * 1000;
      const slotEnd = slotStart + plan.recordIntervalSeconds * 1000;
      const pushed = (row: RecentResult) =>
        row.status === 'up' && row.slotAt.getTime() >= slotStart && row.slotAt.getTime() < slotEnd;
      if (recent.some(pushed)) return null;
      metrics.checkRan('push', 'down', 0);
      return { status: 'down', latencyMs: null, message: 'no push within the interval' };
    }
    const result = await probe.run(definition, limitsOf(check), held.abort.signal);
    if (held.abort.signal.aborted) return null;
    metrics.checkRan(definition.kind, result.status, (clock.now().getTime() - startedAt.getTime()) / 1000);
    return result;
  };

  /** Writes the partition's queued results (a batch at a time, in order), then feeds the written ones on. */
  const flush = async (held: HeldRun): Promise<void> => {
    if (held.flushing) return;
    held.flushing = true;
    try {
      while (held.queue.length > 0) {
        const batch = held.queue.splice(0, RESULT_BATCH_MAX);
        try {
          const written = await recordBatch(held, batch);
          await Promise.all(written.map((queued) => feed(queued)));
        } finally {
          for (const queued of batch) queued.done();
        }
      }
    } finally {
      held.flushing = false;
    }
  };

  const recordBatch = makeResultBatchWriter({
    results,
    logger,
    tries: recordTries,
    onRefused: (held) =>
      dropPartition(held.partition, held.epoch, 'results refused: the partition moved to another node'),
  });

  const feed = async (queued: QueuedResult): Promise<void> => {
    const { scheduled, record, stateSlot, tls } = queued;
    const result: CheckResult = {
      ...tls,
      checkId: record.checkId,
      serverId: record.serverId,
      slot: stateSlot,
      at: record.startedAt.toISOString(),
      status: record.status,
      error: record.message,
      retries: scheduled.check.timing.retries,
    };
    for (let attempt = 1; attempt <= FEED_TRIES; attempt += 1) {
      // Written under the epoch is not enough: a partition lost after the write (a pause past the lease, a
      // takeover) has a new holder deciding on newer results, and this older one would change its state
      // (review-1 F4): the state machine's slot order does not catch it, its last slot moves only on a change.
      // Looked at here locally; the append itself is fenced on the epoch in its transaction (G13).
      if (!stillHeld(scheduled)) {
        logger.info(
          { checkId: record.checkId, partition: scheduled.held.partition },
          'result not decided: partition gone',
        );
        return;
      }
      try {
        const { events, known } = await checkStates.recordResult(result, metadata(record.startedAt), {
          known: scheduled.known,
          fence: fenceOf(scheduled),
        });
        scheduled.known = known;
        // PENDING retries at the retry interval; any other change (or none: not PENDING) at the interval.
        scheduled.retrying = events.at(-1)?.type === 'CheckWentPending';
        if (events.length > 0) {
          const types = events.map((event) => event.type);
          logger.info({ checkId: record.checkId, events: types }, 'check state changed');
        }
        return;
      } catch (error) {
        // Not knowing what was appended, the state is read whole for the next result.
        scheduled.known = undefined;
        if (error instanceof FencedAppendError) {
          dropPartition(scheduled.held.partition, scheduled.held.epoch, 'state refused: the partition moved');
          return;
        }
        // A concurrent append (a push, an admin's pause) is decided again on the state it left; past the
        // tries the result stays recorded and the next slot's result decides.
        const level = attempt < FEED_TRIES ? 'warn' : 'error';
        logger[level]({ err: error, checkId: record.checkId, attempt }, 'check state not updated');
      }
    }
  };

  /** A changed interval's first run: after the slot last run (a shorter interval would run it again, G8). */
  const replanned = (scheduled: Scheduled, nowMs: number) =>
    firstRun(scheduled.check.timing, nowMs, {
      offsetMs: offsetOf(scheduled.check),
      lastRecordedSlotAtMs: scheduled.lastSlotAtMs,
    });

  /** A check held here before: only a changed interval moves its plan. */
  const update = (existing: Scheduled, check: CatalogCheck) => {
    if (sameCheck(existing.check, check)) return;
    const intervalChanged = existing.check.timing.intervalSeconds !== check.timing.intervalSeconds;
    existing.check = check;
    if (!intervalChanged) return;
    // A run in progress plans the next itself when it ends, from the new interval.
    if (existing.running) {
      existing.replan = true;
      return;
    }
    existing.plan = replanned(existing, clock.now().getTime());
    arm(existing);
  };

  /**
   * A check taken on here: its first run is of a slot after the last one recorded for it (by the node before)
   * and due later than the skew margin, so a node whose clock is a second or two ahead or behind the one
   * before does not run a slot that one ran (review G16).
   */
  const schedule = (check: CatalogCheck, held: HeldRun, lastSlotAtMs: number | null) => {
    const existing = checks.get(check.checkId);
    if (existing) unschedule(existing);
    const plan = firstRun(check.timing, clock.now().getTime(), {
      offsetMs: offsetOf(check),
      lastRecordedSlotAtMs: lastSlotAtMs,
      skewMarginMs: CLOCK_SKEW_MARGIN_MS,
    });
    const scheduled: Scheduled = {
      check,
      held,
      plan,
      timer: undefined,
      running: false,
      replan: false,
      lastSlotAtMs,
      retrying: false,
      stopped: false,
      maintenance: null,
      known: undefined,
    };
    checks.set(check.checkId, scheduled);
    arm(scheduled);
  };

  /** The last slot recorded for each check taken on, by any node (a failed read leaves the skew margin). */
  const lastSlotsOf = async (taken: readonly CatalogCheck[]): Promise<Map<string, Date>> => {
    const found = new Map<string, Date>();
    const since = new Date(clock.now().getTime() - LAST_SLOT_LOOKBACK_MS);
    for (let from = 0; from < taken.length; from += RESULT_BATCH_MAX) {
      const ids = taken.slice(from, from + RESULT_BATCH_MAX).map((check) => check.checkId);
      try {
        for (const [checkId, slotAt] of await results.lastSlots(ids, since)) found.set(checkId, slotAt);
      } catch (error) {
        logger.warn({ err: error, checks: ids.length }, 'last recorded slots not read: the skew margin only');
      }
    }
    return found;
  };

  const readCatalog = async () => {
    const partitions = [...heldRuns.keys()];
    const found = partitions.length === 0 ? [] : await catalog.checksOf(partitions);
    if (stopped) return;
    const seen = new Set<string>();
    const taken: { check: CatalogCheck; held: HeldRun }[] = [];
    for (const check of found) {
      const held = heldRuns.get(checkPartitionOf(check.checkId));
      if (!held) continue;
      seen.add(check.checkId);
      const existing = checks.get(check.checkId);
      if (existing && existing.held === held) update(existing, check);
      else taken.push({ check, held });
    }
    for (const scheduled of [...checks.values()])
      if (!seen.has(scheduled.check.checkId)) unschedule(scheduled);
    if (taken.length === 0) return;
    const lastSlots = await lastSlotsOf(taken.map(({ check }) => check));
    for (const { check, held } of taken) {
      // Released or claimed again while the slots were read: the newer claim's refresh schedules it.
      if (stopped || heldRuns.get(held.partition) !== held) continue;
      schedule(check, held, lastSlots.get(check.checkId)?.getTime() ?? null);
    }
  };

  // A refresh asked for while one runs (a partition acquired meanwhile) runs once more after it.
  let refreshAgain = false;
  const readUntilSettled = async () => {
    do {
      refreshAgain = false;
      await readCatalog();
    } while (refreshAgain && !stopped);
  };
  const refresh = async () => {
    if (refreshing) refreshAgain = true;
    refreshing ??= readUntilSettled()
      .catch((error: unknown) => logger.warn({ err: error }, 'the check catalog could not be read'))
      .finally(() => {
        refreshing = null;
      });
    await refreshing;
  };

  /** Starts and ends the maintenance windows of the checks held here, as their occurrences come and go. */
  const tickMaintenance = async () => {
    if (checks.size === 0) return;
    const windows = await catalog.maintenanceWindows();
    // Every check's edges at once (bounded): an end waits for its probe, and the checks of one window
    // ending together must not wait for each other's (review G7).
    await forEachBounded([...checks.values()], maintenanceConcurrency, async (scheduled) => {
      if (stopped || scheduled.stopped) return;
      try {
        await maintain(scheduled, windows);
      } catch (error) {
        logger.warn({ err: error, checkId: scheduled.check.checkId }, 'maintenance not applied; next tick');
      }
    });
  };

  const maintain = async (
    scheduled: Scheduled,
    windows: Awaited<ReturnType<CheckCatalog['maintenanceWindows']>>,
  ) => {
    const { check } = scheduled;
    const now = clock.now();
    if (scheduled.maintenance === null) {
      const inState = await maintenanceOf(check.checkId);
      const schedules = new Map(windows.map((window) => [window.windowId, window.schedule]));
      scheduled.maintenance = new Map(
        inState.map((id) => [id, lastOccurrenceStart(schedules.get(id), now)] as const),
      );
    }
    const known = scheduled.maintenance;
    const on = windowsOn(check, windows, now);
    const ref = { checkId: check.checkId, serverId: check.serverId };
    // Ended (or a new occurrence began): the end is evaluated at once on a probe taken now, one probe for
    // all the windows of the check that ended together.
    const ended = [...known].filter(([windowId, start]) => on.get(windowId)?.getTime() !== start.getTime());
    if (ended.length > 0) {
      const probe = on.size === 0 ? await endProbe(scheduled, now) : null;
      // An aborted probe (the partition released, the node stopping) is no result: left for the next holder
      // to end on its own probe (the same idempotency key: whoever appends first decides the end).
      if (probe === ABORTED || !stillHeld(scheduled)) return;
      for (const [windowId, start] of ended) {
        await checkStates.endMaintenance(ref, windowId, start, probe, metadata(now), fenceOf(scheduled));
        known.delete(windowId);
      }
    }
    for (const [windowId, start] of on) {
      if (known.has(windowId)) continue;
      if (!stillHeld(scheduled)) return;
      await checkStates.startMaintenance(ref, windowId, start, metadata(now), fenceOf(scheduled));
      known.set(windowId, start);
    }
  };

  const endProbe = async (scheduled: Scheduled, now: Date) => {
    const { check, held } = scheduled;
    if (check.definition.kind === 'push') return null;
    const result = await probe.run(check.definition, limitsOf(check), held.abort.signal);
    // Cut short, it says "down: aborted", which is about this node, not the target.
    if (held.abort.signal.aborted || !stillHeld(scheduled)) return ABORTED;
    return {
      ...tlsOf(result),
      // The slot whose run is the last due by now (its offset in): the slot's own run, still to come, is
      // then decided after this one, not dropped as already decided (review S1).
      slot: Math.floor((now.getTime() - offsetOf(check)) / (check.timing.intervalSeconds * 1000)),
      at: now.toISOString(),
      status: result.status,
      error: result.message,
      retries: check.timing.retries,
    };
  };

  let ticking: Promise<void> | null = null;
  const tick = () => {
    ticking ??= tickMaintenance()
      .catch((error: unknown) => logger.warn({ err: error }, 'maintenance windows could not be read'))
      .finally(() => {
        ticking = null;
      });
  };

  const refreshTimer = setInterval(() => void refresh(), refreshMs);
  refreshTimer.unref();
  const maintenanceTimer = setInterval(tick, options.maintenanceTickMs ?? 5000);
  maintenanceTimer.unref();

  return {
    apply(change) {
      if (stopped) return;
      for (const { partition, epoch } of change.released)
        dropPartition(partition, epoch, 'partition released');
      for (const { partition, epoch } of change.acquired) {
        const previous = heldRuns.get(partition);
        if (previous) dropPartition(partition, previous.epoch, 'partition claimed again');
        heldRuns.set(partition, {
          partition,
          epoch,
          abort: new AbortController(),
          queue: [],
          flushing: false,
        });
      }
      if (change.acquired.length > 0) void refresh();
    },
    refresh,
    scheduled: () => checks.size,
    recentLateCount: (windowMs) => lateChecks.recentLateCount(windowMs, clock.now().getTime()),
    async stop() {
      stopped = true;
      clearInterval(refreshTimer);
      clearInterval(maintenanceTimer);
      await ticking;
      for (const held of [...heldRuns.values()])
        dropPartition(held.partition, held.epoch, 'scheduler stopped');
      await refreshing;
      await Promise.allSettled([...inFlight]);
    },
  };
}
