import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { LeaseManager } from '../../../../application/ports/index.ts';
import type { CheckTiming } from '../../../../domain/monitoring/index.ts';
import type { RecordedEvent } from '../../../../application/ports/index.ts';
import type { EventStore } from '../../../../application/ports/index.ts';
import type { DatabaseHandle } from '../../../../infrastructure/postgres/index.ts';
import {
  type RunningMonitoringScheduler,
  startMonitoringScheduler,
} from '../../../../interfaces/runtime/monitoring-scheduler-runtime.ts';

/** The shortest timing a check may have: a slot every 10 s, one silent retry 10 s later, 2 s to answer. */
export const fastTiming: CheckTiming = {
  intervalSeconds: 10,
  timeoutSeconds: 2,
  retries: 1,
  retryIntervalSeconds: 10,
  resendIntervalSeconds: 0,
};

export const INTERVAL_MS = fastTiming.intervalSeconds * 1000;

/** A node's scheduler as `tbot serve` starts it (workers role), with its metrics registry. */
export function startTestScheduler(deps: {
  nodeId: string;
  database: DatabaseHandle;
  store: EventStore;
  leases: LeaseManager;
  /** Set: the cluster mode (live nodes read from `cluster.nodes`); unset: the single node of the embedded mode. */
  redisUrl?: string;
  leaseTtlMs?: number;
}): { running: RunningMonitoringScheduler; metrics: Registry } {
  const metrics = new Registry();
  const running = startMonitoringScheduler({
    config: {
      nodeId: deps.nodeId,
      roles: ['workers'],
      redis: { url: deps.redisUrl, keyPrefix: 'tbot:test:' },
    },
    database: deps.database,
    eventStore: deps.store,
    leases: deps.leases,
    settings: { current: () => ({}) },
    metrics,
    logger: pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }),
    refreshMs: 500,
    maintenanceTickMs: 250,
    ...(deps.leaseTtlMs === undefined ? {} : { leaseTtlMs: deps.leaseTtlMs }),
  });
  if (!running) throw new Error('the scheduler did not start on a workers node');
  return { running, metrics };
}

/** The types of a check's state changes, in order. */
export async function stateChanges(store: EventStore, checkId: string): Promise<RecordedEvent[]> {
  return store.readStream(`monitoring-check-${checkId}`);
}

/** Waits until the clock is `fromMs`..`toMs` into a slot of `intervalMs`, away from the slots' edges. */
export async function intoSlot(fromMs: number, toMs: number, intervalMs = INTERVAL_MS): Promise<void> {
  const at = Date.now() % intervalMs;
  if (at >= fromMs && at < toMs) return;
  const wait = (fromMs - at + intervalMs) % intervalMs;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * Waits until the part of a slot of {@link fastTiming} no check runs in: every check runs at its offset into
 * the slot (`slotOffsetMs`), all of them before its timeout and a second's margin before the slot's end. A
 * node stopped there has no probe in flight (one would touch its target and leave no row).
 */
export async function intoQuietPart(): Promise<void> {
  const lastOffset = INTERVAL_MS - fastTiming.timeoutSeconds * 1000 - 1000;
  await intoSlot(lastOffset + 300, INTERVAL_MS - 500);
}
