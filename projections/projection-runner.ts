import type {
  Checkpoint,
  EventStore,
  Lease,
  LeaseManager,
  Logger,
  RecordedEvent,
} from '../application/ports/index.ts';
import { sleep } from './abortable-sleep.ts';
import { type ProjectionMetrics, noProjectionMetrics } from './projection-metrics.ts';
import { type ProjectionStore, TransientStoreError } from './projection-store.ts';
import { liveTables } from './projection-tables.ts';
import type { Projector } from './projector.ts';

export interface ProjectionRunnerOptions {
  /** Lease time-to-live; renewed every third of it. A dead owner is replaced within about this long. */
  readonly leaseTtlMs?: number;
  /** Events applied per transaction. */
  readonly batchSize?: number;
  /** Tries of a failing event before its projection parks. */
  readonly maxAttempts?: number;
  /** First retry delay; doubles with each attempt. */
  readonly retryBaseMs?: number;
  /** How often an idle or parked runner looks again (lease free? parked projection released?). */
  readonly idlePollMs?: number;
}

export interface ProjectionRunnerDeps {
  readonly projectors: readonly Projector[];
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly leases: LeaseManager;
  readonly nodeId: string;
  readonly logger: Logger;
  readonly metrics?: ProjectionMetrics;
  readonly options?: ProjectionRunnerOptions;
}

export interface ProjectionRunner {
  /** Registers every projector, then runs each in the background; resolves once registered. */
  start(): Promise<void>;
  /** Stops every projection and releases its lease; resolves when all have stopped. */
  stop(): Promise<void>;
}

type BatchOutcome =
  | { readonly kind: 'applied'; readonly checkpoint: Checkpoint }
  | { readonly kind: 'fenced' | 'parked' | 'stopped' };

export const leaseName = (projection: string) => `projection:${projection}`;

/**
 * Advances each projection on whichever node holds its lease (DESIGN.md, "Projections"). Safety does not rest
 * on the lease: every batch commits with a compare-and-set on the epoch won at takeover and the previous
 * checkpoint, so a paused ex-owner's write is refused by PostgreSQL.
 */
export function createProjectionRunner(deps: ProjectionRunnerDeps): ProjectionRunner {
  const { eventStore, projectionStore, leases, nodeId, logger } = deps;
  const metrics = deps.metrics ?? noProjectionMetrics;
  const ttl = deps.options?.leaseTtlMs ?? 10_000;
  const batchSize = deps.options?.batchSize ?? 500;
  const maxAttempts = deps.options?.maxAttempts ?? 5;
  const retryBaseMs = deps.options?.retryBaseMs ?? 200;
  const idlePollMs = deps.options?.idlePollMs ?? 1000;
  const stopping = new AbortController();
  let running: Promise<void>[] = [];

  const applyOnce = (
    projector: Projector,
    epoch: number,
    from: Checkpoint | null,
    events: readonly RecordedEvent[],
  ) => {
    const last = events.at(-1);
    if (!last) return Promise.resolve(true);
    const tables = liveTables(projector);
    return projectionStore.applyBatch(
      projector.name,
      { epoch, expected: from, next: last.checkpoint, events: events.length },
      (trx) => projector.apply(events, trx, tables),
    );
  };

  const lostOwnership = async (name: string, epoch: number) =>
    (await projectionStore.read(name).catch(() => null))?.epoch !== epoch;

  /** Applies a batch; if it fails, applies its events one by one to find and park the one that fails. */
  const applyBatch = async (
    projector: Projector,
    epoch: number,
    from: Checkpoint | null,
    batch: readonly RecordedEvent[],
    signal: AbortSignal,
  ): Promise<BatchOutcome> => {
    const name = projector.name;
    try {
      const last = batch.at(-1);
      if (!last) return { kind: 'applied', checkpoint: from ?? { transactionId: 0n, position: 0n } };
      if (!(await applyOnce(projector, epoch, from, batch))) return { kind: 'fenced' };
      metrics.applied(name, batch.length, last.position);
      return { kind: 'applied', checkpoint: last.checkpoint };
    } catch (error) {
      if (error instanceof TransientStoreError) throw error;
      metrics.failed(name);
      // A stale owner's write can fail for reasons of its own (rows the new owner wrote): not a poison event.
      if (await lostOwnership(name, epoch)) return { kind: 'fenced' };
      logger.warn(
        { projection: name, err: error, events: batch.length },
        'batch failed; applying its events one by one',
      );
    }

    let checkpoint = from;
    for (const event of batch) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          if (!(await applyOnce(projector, epoch, checkpoint, [event]))) return { kind: 'fenced' };
          metrics.applied(name, 1, event.position);
          checkpoint = event.checkpoint;
          break;
        } catch (error) {
          if (error instanceof TransientStoreError) throw error;
          metrics.failed(name);
          if (await lostOwnership(name, epoch)) return { kind: 'fenced' };
          const context = {
            projection: name,
            position: String(event.position),
            eventType: event.type,
            attempt,
            err: error,
          };
          if (attempt >= maxAttempts) {
            const message = error instanceof Error ? error.message : String(error);
            const parked = await projectionStore.park(name, epoch, {
              checkpoint: event.checkpoint,
              eventType: event.type,
              error: message,
            });
            if (!parked) return { kind: 'fenced' };
            metrics.parked(name, true);
            logger.error(context, 'projection parked on an event that keeps failing; retry or skip it');
            return { kind: 'parked' };
          }
          logger.warn(context, 'event failed; retrying');
          await sleep(retryBaseMs * 2 ** (attempt - 1), signal);
          if (signal.aborted) return { kind: 'stopped' };
        }
      }
    }
    return { kind: 'applied', checkpoint: checkpoint ?? { transactionId: 0n, position: 0n } };
  };

  const waitWhileParked = async (name: string, signal: AbortSignal) => {
    while (!signal.aborted) {
      const state = await projectionStore.read(name);
      if (state?.status !== 'parked') {
        metrics.parked(name, false);
        return;
      }
      await sleep(idlePollMs, signal);
    }
  };

  /** Works a projection while this node holds its lease. */
  const own = async (projector: Projector, lease: Lease) => {
    const owned = new AbortController();
    const stop = () => owned.abort();
    stopping.signal.addEventListener('abort', stop, { once: true });
    let epoch = -1;
    // Renew the lease, and notice while idle that an operator's reset or rebuild moved the epoch.
    const check = async (): Promise<string | null> => {
      if (!(await lease.renew())) return 'projection lease lost; stepping down';
      const current = await projectionStore.read(projector.name);
      if (epoch >= 0 && current && current.epoch !== epoch)
        return 'projection taken over (reset, rebuild or another node)';
      return null;
    };
    const renewal = setInterval(
      () => {
        check().then(
          (reason) => {
            if (reason && !owned.signal.aborted) {
              logger.warn({ projection: projector.name, epoch }, reason);
              owned.abort();
            }
          },
          () => undefined,
        );
      },
      Math.max(10, Math.floor(ttl / 3)),
    );
    try {
      const claim = await projectionStore.claim(projector.name, nodeId);
      const state = claim.state;
      epoch = claim.epoch;
      logger.info(
        { projection: projector.name, epoch, position: String(state.checkpoint?.position ?? 0n) },
        'projection claimed',
      );
      if (state.version !== projector.version) {
        logger.warn(
          { projection: projector.name, built: state.version, code: projector.version },
          'read model was built by another projector version: rebuild it (tbot projections rebuild)',
        );
      }
      if (state.status === 'parked') {
        metrics.parked(projector.name, true);
        await waitWhileParked(projector.name, owned.signal);
        return;
      }
      let checkpoint = state.checkpoint;
      const filter = projector.eventTypes.length > 0 ? { filter: { eventTypes: projector.eventTypes } } : {};
      for await (const batch of eventStore.subscribeBatches(checkpoint, {
        ...filter,
        batchSize,
        signal: owned.signal,
      })) {
        const outcome = await applyBatch(projector, epoch, checkpoint, batch, owned.signal);
        if (outcome.kind === 'applied') {
          checkpoint = outcome.checkpoint;
          continue;
        }
        if (outcome.kind === 'fenced') {
          logger.warn(
            { projection: projector.name, epoch },
            'write refused by the fence: another node owns this projection',
          );
        }
        return;
      }
    } finally {
      clearInterval(renewal);
      stopping.signal.removeEventListener('abort', stop);
    }
  };

  const run = async (projector: Projector) => {
    const signal = stopping.signal;
    while (!signal.aborted) {
      let lease: Lease | null = null;
      try {
        lease = await leases.tryAcquire(leaseName(projector.name), ttl);
      } catch (error) {
        logger.warn({ projection: projector.name, err: error }, 'lease store unavailable; projection waits');
      }
      if (!lease) {
        // Jitter keeps the nodes from knocking at the same moment.
        await sleep(Math.min(idlePollMs, ttl / 3) * (0.5 + Math.random()), signal);
        continue;
      }
      metrics.leaseHeld(projector.name, true);
      try {
        await own(projector, lease);
      } catch (error) {
        metrics.failed(projector.name);
        logger.error(
          { projection: projector.name, err: error },
          'projection stopped by an error; will resume',
        );
        await sleep(retryBaseMs * 5, signal);
      } finally {
        metrics.leaseHeld(projector.name, false);
        await lease.release().catch(() => undefined);
      }
    }
  };

  return {
    async start() {
      for (const projector of deps.projectors) {
        await projectionStore.register(projector);
      }
      running = deps.projectors.map((projector) => run(projector));
    },
    async stop() {
      stopping.abort();
      await Promise.all(running);
    },
  };
}
