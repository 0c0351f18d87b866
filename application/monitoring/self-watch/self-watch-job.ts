import {
  type SelfCheckCondition,
  type SelfCheckDetail,
  selfCheckSubject,
} from '../../../domain/monitoring/index.ts';
import type { EventMetadata } from '../../../domain/shared/index.ts';
import {
  type Clock,
  type IdGenerator,
  type LeaseManager,
  type Logger,
  type ProjectionStore,
  randomIds,
  systemClock,
} from '../../ports/index.ts';
import { counterWindow } from './counter-window.ts';
import type { SelfWatchCommands } from './self-watch-commands.ts';
import {
  type CheckCounts,
  type LiveNodeIds,
  type OpenSelfChecks,
  type SelfWatchMetrics,
  type UnsentAlertsReading,
  noSelfWatchMetrics,
} from './self-watch-readings.ts';

/** The cluster-wide conditions (the outbox, the projections) are looked at by one node at a time. */
const LEASE = 'monitoring:self-watch';
/** The subject of a condition of the whole cluster. */
export const CLUSTER_SUBJECT = 'cluster';
/** Projections looked at per run at most: there are a few dozen; more is a registry gone wrong. */
const MAX_PROJECTIONS = 200;
const ACTOR = { kind: 'system', id: 'self-watch', name: 'TBot self-watch' } as const;

export interface SelfWatchThresholds {
  /** Late checks on this node within `lateWindowMs` that raise the alert (default 10)... */
  readonly lateChecks: number;
  /**
   * ...when they are also this share of the checks run there (default 0.01): a fleet of thousands of checks
   * has a few late ones in any 5 minutes (the bench's target is a p99 below 1 s), which is no trouble.
   */
  readonly lateShare: number;
  readonly lateWindowMs: number;
  /** Unsent alerts that raise the alert (default 1: an alert that does not arrive is one too many). */
  readonly unsentAlerts: number;
}

export const DEFAULT_SELF_WATCH_THRESHOLDS: SelfWatchThresholds = {
  lateChecks: 10,
  lateShare: 0.01,
  lateWindowMs: 5 * 60_000,
  unsentAlerts: 1,
};

export interface SelfWatchOptions {
  readonly nodeId: string;
  readonly commands: SelfWatchCommands;
  readonly leases: LeaseManager;
  readonly unsent: UnsentAlertsReading;
  readonly projections: Pick<ProjectionStore, 'list'>;
  readonly checkCounts: CheckCounts;
  /** With `liveNodes`: a node that left while its checks ran late has its episode ended as gone. */
  readonly openSelfChecks: OpenSelfChecks;
  readonly liveNodes: LiveNodeIds;
  /** The reactor that tells the admins: parked, it cannot tell of anything, so the log says it loudly. */
  readonly tellingReactor: string;
  /** How often the conditions are looked at (default 30 s). */
  readonly everyMs?: number;
  readonly thresholds?: Partial<SelfWatchThresholds>;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly metrics?: SelfWatchMetrics;
  readonly logger: Logger;
}

export interface SelfWatch {
  /** One look at every condition; answers how many changes it appended. */
  runOnce(): Promise<number>;
  /** Looks now and every `everyMs` until stopped. */
  start(): { stop(): Promise<void> };
}

/**
 * TBot watching itself (#15): on every node, its own checks running late; on one node at a time (a lease), the
 * alerts the outbox could not send and the projections parked on a failing event. Each is a self-check stream
 * whose changes (failing, recovered) are events of the system actor, appended with the episode's key: several
 * nodes, a retried run or a restart raise an episode once. The self-watch reactor tells the admins' chat.
 */
export function createSelfWatch(options: SelfWatchOptions): SelfWatch {
  const { commands, logger, nodeId } = options;
  const everyMs = options.everyMs ?? 30_000;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const metrics = options.metrics ?? noSelfWatchMetrics;
  const thresholds = { ...DEFAULT_SELF_WATCH_THRESHOLDS, ...options.thresholds };
  // The counter starts at zero with the process, as this window does.
  const start = { at: clock.now().getTime(), total: 0 };
  const late = counterWindow(thresholds.lateWindowMs, start);
  const ran = counterWindow(thresholds.lateWindowMs, start);

  const metadataAt = (now: Date, id: string): EventMetadata => ({
    actor: { ...ACTOR, id: `self-watch:${nodeId}` },
    correlationId: id,
    causationId: id,
    source: 'system',
    occurredAt: now.toISOString(),
  });

  const observe = async (
    condition: SelfCheckCondition,
    subject: string,
    failing: SelfCheckDetail | null,
    now: Date,
  ): Promise<number> => {
    const result = await commands.observe(condition, subject, failing, metadataAt(now, ids.newId()));
    for (const event of result.events) {
      if (event.type === 'SelfCheckFailed') metrics.raised(condition);
      logger.warn({ condition, subject, event: event.type }, 'TBot self-check changed');
    }
    return result.events.length;
  };

  const lateChecks = async (now: Date): Promise<number> => {
    const counts = await options.checkCounts();
    const count = late.growth(now.getTime(), counts.late);
    const run = ran.growth(now.getTime(), counts.ran);
    const failing = count >= thresholds.lateChecks && count >= thresholds.lateShare * run;
    metrics.failing('checks-late', failing ? 1 : 0);
    const windowMinutes = Math.round(thresholds.lateWindowMs / 60_000);
    return observe(
      'checks-late',
      nodeId,
      failing ? { condition: 'checks-late', late: count, ran: run, windowMinutes } : null,
      now,
    );
  };

  const unsentAlerts = async (now: Date): Promise<number> => {
    const unsent = await options.unsent.unsentAlerts(now);
    const failing = unsent.unsent >= thresholds.unsentAlerts;
    metrics.failing('alerts-unsent', failing ? 1 : 0);
    const oldestMinutes =
      unsent.oldestAt === null ? 0 : Math.max(0, (now.getTime() - unsent.oldestAt.getTime()) / 60_000);
    return observe(
      'alerts-unsent',
      CLUSTER_SUBJECT,
      failing
        ? { condition: 'alerts-unsent', unsent: unsent.unsent, oldestMinutes, lastError: unsent.lastError }
        : null,
      now,
    );
  };

  const parkedProjections = async (now: Date): Promise<number> => {
    const states = (await options.projections.list()).slice(0, MAX_PROJECTIONS);
    let changes = 0;
    let parked = 0;
    for (const state of states) {
      if (state.parked && state.status === 'parked') {
        parked += 1;
        if (state.name === options.tellingReactor) {
          logger.error(
            { projection: state.name, error: state.parked.error },
            "the self-watch reactor is parked: TBot's own alerts cannot reach the admins; retry or skip it",
          );
        }
      }
      const failing: SelfCheckDetail | null =
        state.status === 'parked' && state.parked
          ? { condition: 'projection-parked', eventType: state.parked.eventType, error: state.parked.error }
          : null;
      changes += await observe('projection-parked', state.name, failing, now);
    }
    metrics.failing('projection-parked', parked);
    return changes;
  };

  /**
   * A node that stopped or died while its checks ran late cannot see them clear (and a restarted node with the
   * default id, `host-pid`, is another subject): its episode ends as gone once it is no longer alive.
   */
  const goneNodes = async (now: Date): Promise<number> => {
    const open = await options.openSelfChecks('checks-late');
    if (open.length === 0) return 0;
    const live = new Set((await options.liveNodes()).map(selfCheckSubject));
    live.add(selfCheckSubject(nodeId));
    let changes = 0;
    for (const subject of open) {
      if (live.has(subject)) continue;
      const id = ids.newId();
      const result = await commands.observe('checks-late', subject, null, metadataAt(now, id), true);
      changes += result.events.length;
      if (result.events.length > 0) logger.warn({ subject }, 'late checks of a node gone: episode ended');
    }
    return changes;
  };

  /** One condition's look; its failure is logged and leaves the others to go on. */
  const guarded = async (condition: SelfCheckCondition, look: () => Promise<number>): Promise<number> => {
    try {
      return await look();
    } catch (error) {
      logger.warn({ condition, err: error }, 'self-check not evaluated; the next run tries again');
      return 0;
    }
  };

  const runOnce = async (): Promise<number> => {
    const now = clock.now();
    let changes = await guarded('checks-late', () => lateChecks(now));
    const lease = await options.leases.tryAcquire(LEASE, Math.max(1, Math.floor(everyMs * 0.9)));
    if (!lease) {
      // Another node looks at the cluster's conditions; what this one saw of them before is not current.
      metrics.failing('alerts-unsent', 0);
      metrics.failing('projection-parked', 0);
      return changes;
    }
    changes += await guarded('alerts-unsent', () => unsentAlerts(now));
    changes += await guarded('projection-parked', () => parkedProjections(now));
    changes += await guarded('checks-late', () => goneNodes(now));
    return changes;
  };

  return {
    runOnce,
    start() {
      const tick = () =>
        runOnce().then(
          () => undefined,
          (error: unknown) => logger.warn({ err: error }, 'self-watch failed; the next run tries again'),
        );
      let running = tick();
      const timer = setInterval(() => {
        running = running.then(tick);
      }, everyMs);
      timer.unref();
      return {
        async stop() {
          clearInterval(timer);
          await running;
        },
      };
    },
  };
}
