import { randomUUID } from 'node:crypto';
import { mock } from 'node:test';
import { pino } from 'pino';
import type { CatalogCheck, CatalogWindow } from '../../../../application/ports/check-catalog.ts';
import { checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import type {
  CheckResultBatch,
  CheckResultRecord,
  RecentResult,
  RecordOutcome,
} from '../../../../application/ports/check-results.ts';
import type { ProbeResult } from '../../../../application/ports/probe.ts';
import type { CheckResult } from '../../../../application/monitoring/check-state-commands.ts';
import {
  type CheckScheduler,
  type CheckSchedulerOptions,
  createCheckScheduler,
} from '../../../../application/monitoring/scheduler/check-scheduler.ts';
import { slotOffsetMs } from '../../../../application/monitoring/scheduler/slot-offset.ts';
import type { CheckDefinition, CheckTiming } from '../../../../domain/monitoring/index.ts';

/**
 * The scheduler on fakes and mocked timers: `advance` moves the injected clock and the timers together, so a
 * test runs hundreds of slots without waiting for them. The state machine is a small model of the real one
 * (retries failures PENDING, then DOWN; an up recovers), enough for the scheduler's retry planning.
 */
export function schedulerOnFakes(options: {
  definition: CheckDefinition;
  timing: CheckTiming;
  startMs: number;
  rejectSlots?: (record: CheckResultRecord) => boolean;
  probe?: (signal: AbortSignal | undefined) => Promise<ProbeResult>;
  windows?: CatalogWindow[];
  groupId?: string | null;
  extra?: Partial<CheckSchedulerOptions>;
  /** Default: an id whose slot offset is 0, so the tests' times are its slots' starts. */
  checkId?: string;
  /** Runs after a batch is written, before its outcome is returned (a pause between writing and deciding). */
  afterRecord?: () => void;
}) {
  mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  let nowMs = options.startMs;
  const clock = { now: () => new Date(nowMs) };
  const checkId = options.checkId ?? checkIdRunningAtSlotStart(options.timing);
  let check: CatalogCheck = {
    checkId,
    serverId: randomUUID(),
    groupId: options.groupId ?? null,
    definition: options.definition,
    timing: options.timing,
  };
  const partition = checkPartitionOf(checkId);
  const rows: (CheckResultRecord & { slotAt: Date })[] = [];
  const fed: CheckResult[] = [];
  const events: string[] = [];
  const maintenanceCalls: { kind: 'start' | 'end'; probe: unknown }[] = [];
  let status: 'up' | 'pending' | 'down' = 'up';
  let failures = 0;
  let windows = options.windows ?? [];

  const results = {
    record(batch: CheckResultBatch): Promise<RecordOutcome> {
      let recorded = 0;
      let duplicates = 0;
      const rejected = [];
      for (const record of batch.results) {
        if (options.rejectSlots?.(record)) {
          rejected.push({ checkId: record.checkId, slot: record.slot, reason: 'outside the kept days' });
          continue;
        }
        const slotAt = new Date(record.slot * record.intervalSeconds * 1000);
        const same = rows.some(
          (row) => row.checkId === record.checkId && row.slot === record.slot && +row.slotAt === +slotAt,
        );
        if (same) duplicates += 1;
        else {
          rows.push({ ...record, slotAt });
          recorded += 1;
        }
      }
      options.afterRecord?.();
      return Promise.resolve({ written: true, recorded, duplicates, rejected });
    },
    lastSlots(ids: readonly string[]): Promise<Map<string, Date>> {
      const last = new Map<string, Date>();
      for (const row of rows)
        if (ids.includes(row.checkId) && +row.slotAt > +(last.get(row.checkId) ?? 0))
          last.set(row.checkId, row.slotAt);
      return Promise.resolve(last);
    },
    recent(id: string, limit: number): Promise<RecentResult[]> {
      return Promise.resolve(
        rows
          .filter((row) => row.checkId === id)
          .sort((a, b) => +b.slotAt - +a.slotAt)
          .slice(0, limit)
          .map(({ slotAt, startedAt, status: s, latencyMs, message }) => ({
            slotAt,
            startedAt,
            status: s,
            latencyMs,
            message,
          })),
      );
    },
  };

  const decide = (result: CheckResult): string[] => {
    if (result.status === 'up') {
      failures = 0;
      if (status === 'up') return [];
      status = 'up';
      return ['CheckWentUp'];
    }
    failures += 1;
    if (status === 'down') return [];
    if (failures <= result.retries) {
      status = 'pending';
      return ['CheckWentPending'];
    }
    status = 'down';
    return ['ServerWentDown'];
  };
  const checkStates = {
    recordResult(result: CheckResult) {
      fed.push(result);
      const types = decide(result);
      events.push(...types);
      return Promise.resolve(answer(types));
    },
    startMaintenance() {
      maintenanceCalls.push({ kind: 'start', probe: null });
      return Promise.resolve(answer([]));
    },
    endMaintenance(_ref: unknown, _windowId: string, _start: Date, probe: CheckResult | null) {
      maintenanceCalls.push({ kind: 'end', probe });
      return Promise.resolve(answer([]));
    },
  };

  const scheduler: CheckScheduler = createCheckScheduler({
    catalog: {
      checksOf: () => Promise.resolve([check]),
      pushCheckOf: () => Promise.resolve(check),
      maintenanceWindows: () => Promise.resolve(windows),
    },
    probe: {
      run: (_definition, _limits, signal) =>
        options.probe?.(signal) ?? Promise.resolve({ status: 'up', latencyMs: 1, message: null }),
    },
    results,
    checkStates: checkStates as unknown as CheckSchedulerOptions['checkStates'],
    maintenanceOf: () => Promise.resolve([]),
    logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    clock,
    refreshMs: 1000,
    maintenanceTickMs: 1000,
    ...options.extra,
  });

  const settle = async () => {
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };

  return {
    check,
    partition,
    rows,
    fed,
    events,
    maintenanceCalls,
    scheduler,
    clock,
    setWindows(next: CatalogWindow[]) {
      windows = next;
    },
    /** The check as an admin changed it: the scheduler sees it at its next catalog read. */
    setTiming(next: CheckTiming) {
      check = { ...check, timing: next };
    },
    /** A push as the push route records it: an up row on the interval's slot, fed when new. */
    async push() {
      const at = clock.now();
      const slot = Math.floor(nowMs / (check.timing.intervalSeconds * 1000));
      const record: CheckResultRecord = {
        checkId,
        serverId: check.serverId,
        slot,
        intervalSeconds: check.timing.intervalSeconds,
        startedAt: at,
        status: 'up',
        latencyMs: null,
        message: null,
      };
      const outcome = await results.record({ partition, epoch: 1, results: [record] });
      if (outcome.written && outcome.recorded > 0) {
        await checkStates.recordResult({
          checkId,
          serverId: check.serverId,
          slot,
          at: at.toISOString(),
          status: 'up',
          error: null,
          retries: check.timing.retries,
        });
      }
    },
    /** Moves time on by `ms` in steps of `stepMs`, letting the scheduler's promises settle at each step. */
    async advance(ms: number, stepMs = 500) {
      await settle();
      for (let passed = 0; passed < ms; passed += stepMs) {
        nowMs += stepMs;
        mock.timers.tick(stepMs);
        await settle();
      }
    },
    async start(epoch = 1) {
      scheduler.apply({ held: [{ partition, epoch }], acquired: [{ partition, epoch }], released: [] });
      await settle();
    },
    async finish() {
      const stopping = scheduler.stop();
      await settle();
      mock.timers.tick(10_000);
      await stopping;
      mock.timers.reset();
    },
  };
}

const answer = (types: string[]) => ({
  streamId: 'x',
  nextExpectedRevision: 0,
  checkpoint: null,
  events: types.map((type) => ({ type, data: {} })),
});

export const tcpCheck: CheckDefinition = { kind: 'tcp', host: '127.0.0.1', port: 9 };

/** A check id whose runs are at its slots' starts under `timing` (most ids run some seconds into them). */
export function checkIdRunningAtSlotStart(timing: CheckTiming): string {
  for (;;) {
    const id = randomUUID();
    if (slotOffsetMs(id, timing) === 0) return id;
  }
}
