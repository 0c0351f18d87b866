import {
  type Checkpoint,
  type EventFilter,
  type EventStore,
  type Lease,
  type LeaseManager,
  type Logger,
  type ProjectionMetrics,
  type ProjectionState,
  type ProjectionStore,
  type Projector,
  type RecordedEvent,
  TransientStoreError,
  UnreadableEventError,
  compareCheckpoints,
  liveTables,
  noProjectionMetrics,
} from '../application/ports/index.ts';
import { failureSummary } from '../application/projections/index.ts';
import { sleep } from './abortable-sleep.ts';
import {
  RebuildAbortedError,
  RebuildFencedError,
  RebuildInProgressError,
  rebuildProjection,
} from './projection-rebuild.ts';

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
  /** Events applied since the projector's last `afterCatchUp` that make it due (default 10,000). */
  readonly catchUpEvents?: number;
  /** How long no batch must come for a due `afterCatchUp` to run: the log has gone quiet (default 500). */
  readonly catchUpQuietMs?: number;
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

/** How an ownership ended: `stepped down` leaves the projection to other nodes for a while. */
type OwnOutcome = 'done' | 'stepped down';

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
  const catchUpEvents = deps.options?.catchUpEvents ?? 10_000;
  const catchUpQuietMs = deps.options?.catchUpQuietMs ?? 500;
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

  /**
   * Parks the projection on `event`, fenced by `epoch`. The parked row (and the operator's retry or skip event
   * that copies it) records only the failure's summary, which cannot hold the event's data; the log has the
   * whole error.
   */
  const park = async (
    name: string,
    epoch: number,
    event: Pick<RecordedEvent, 'checkpoint' | 'type'>,
    error: unknown,
    context: Record<string, unknown>,
  ): Promise<BatchOutcome> => {
    const parked = await projectionStore.park(name, epoch, {
      checkpoint: event.checkpoint,
      eventType: event.type,
      error: failureSummary(error),
    });
    if (!parked) return { kind: 'fenced' };
    metrics.parked(name, true);
    logger.error(context, 'projection parked on an event that keeps failing; retry or skip it');
    return { kind: 'parked' };
  };

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
          if (attempt >= maxAttempts) return park(name, epoch, event, error, context);
          logger.warn(context, 'event failed; retrying');
          await sleep(retryBaseMs * 2 ** (attempt - 1), signal);
          if (signal.aborted) return { kind: 'stopped' };
        }
      }
    }
    return { kind: 'applied', checkpoint: checkpoint ?? { transactionId: 0n, position: 0n } };
  };

  /**
   * Reading a batch failed on an event that cannot be read (it does not decrypt, an upcaster fails on it): reads
   * the events one at a time from `from`, applying each, up to that one, which is tried like a failing event
   * and parked once it keeps failing, instead of failing the whole batch again forever.
   */
  const readPastUnreadable = async (
    projector: Projector,
    epoch: number,
    from: Checkpoint | null,
    unreadable: UnreadableEventError,
    filter: { readonly filter?: EventFilter },
    signal: AbortSignal,
  ): Promise<BatchOutcome> => {
    const name = projector.name;
    logger.warn(
      { projection: name, position: String(unreadable.event.position), err: unreadable },
      'an event cannot be read; reading the batch one event at a time',
    );
    let checkpoint = from;
    for (let attempt = 1; ;) {
      let events: RecordedEvent[];
      try {
        events = await eventStore.readAll(checkpoint, { ...filter, maxCount: 1 });
      } catch (error) {
        if (!(error instanceof UnreadableEventError)) throw error;
        metrics.failed(name);
        const context = {
          projection: name,
          position: String(error.event.position),
          eventType: error.event.type,
          attempt,
          err: error,
        };
        if (attempt >= maxAttempts) return park(name, epoch, error.event, error, context);
        logger.warn(context, 'event cannot be read; retrying');
        await sleep(retryBaseMs * 2 ** (attempt - 1), signal);
        if (signal.aborted) return { kind: 'stopped' };
        attempt += 1;
        continue;
      }
      const event = events[0];
      if (!event) break;
      const outcome = await applyBatch(projector, epoch, checkpoint, [event], signal);
      if (outcome.kind !== 'applied') return outcome;
      checkpoint = outcome.checkpoint;
      attempt = 1;
      // Past the event that failed the batch (it read this time): the subscription takes over again.
      if (compareCheckpoints(event.checkpoint, unreadable.event.checkpoint) >= 0) break;
    }
    return { kind: 'applied', checkpoint: checkpoint ?? { transactionId: 0n, position: 0n } };
  };

  /**
   * The projector's upkeep after a bulk catch-up, in a transaction fenced like a batch that moves the checkpoint
   * nowhere: a node that lost the projection meanwhile has it rolled back and steps down. Any other failure is
   * logged and forgotten (autovacuum still comes round); it must not stop or park the projection.
   */
  const afterCatchUp = async (
    projector: Projector,
    epoch: number,
    checkpoint: Checkpoint,
    events: number,
  ): Promise<'done' | 'fenced'> => {
    if (!projector.afterCatchUp) return 'done';
    const name = projector.name;
    const tables = liveTables(projector);
    const started = performance.now();
    try {
      const fence = { epoch, expected: checkpoint, next: checkpoint, events: 0 };
      if (
        !(await projectionStore.applyBatch(name, fence, (trx) =>
          projector.afterCatchUp ? projector.afterCatchUp(trx, tables) : Promise.resolve(),
        ))
      )
        return 'fenced';
      const seconds = (performance.now() - started) / 1000;
      metrics.caughtUp(name, seconds);
      logger.info(
        { projection: name, events, durationMs: Math.round(seconds * 1000) },
        'caught up after a bulk of events: read-model upkeep done',
      );
    } catch (error) {
      logger.warn(
        { projection: name, events, err: error, durationMs: Math.round(performance.now() - started) },
        'read-model upkeep after a catch-up failed; autovacuum will do it later',
      );
    }
    return 'done';
  };

  /** True when `pending` has not settled within `ms` and the runner is not stopping; never rejects. */
  const quietFor = (pending: Promise<unknown>, ms: number, signal: AbortSignal): Promise<boolean> => {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (quiet: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', stopped);
        resolve(quiet);
      };
      const stopped = () => done(false);
      const timer = setTimeout(() => done(true), ms);
      signal.addEventListener('abort', stopped, { once: true });
      // The caller awaits `pending` itself and sees its error there.
      pending.then(
        () => done(false),
        () => done(false),
      );
    });
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

  /**
   * True when a newer projector version built the live tables: this node runs old code (a rolling upgrade is
   * under way) and must not write them; it steps down and looks again later.
   */
  const builtByNewer = (projector: Projector, state: ProjectionState | null): boolean => {
    if (!state || state.version <= projector.version) return false;
    logger.warn(
      { projection: projector.name, built: state.version, code: projector.version },
      'read model built by a newer projector version: this node steps down and writes nothing',
    );
    return true;
  };

  /**
   * This node's projector is newer than the live tables: it rebuilds beside them while they keep serving, and
   * switches. Fenced by the epoch it owns the projection under, so only the lease owner switches.
   */
  const upgrade = async (
    projector: Projector,
    epoch: number,
    built: number,
    signal: AbortSignal,
  ): Promise<OwnOutcome> => {
    const context = { projection: projector.name, epoch, built, code: projector.version };
    logger.info(context, 'read model built by an older projector version: rebuilding beside it');
    try {
      const result = await rebuildProjection({ projector, eventStore, projectionStore, signal, epoch });
      logger.info(
        { ...context, events: result.eventsApplied, durationMs: result.durationMs },
        'rebuilt and switched to this projector version',
      );
      return 'done';
    } catch (error) {
      if (error instanceof RebuildInProgressError) {
        logger.warn(context, 'another rebuild of this projection is running: this node steps down');
        return 'stepped down';
      }
      if (error instanceof RebuildAbortedError || error instanceof RebuildFencedError) {
        logger.warn({ ...context, err: error }, 'rebuild stopped: this node no longer owns the projection');
        return 'done';
      }
      throw error;
    }
  };

  /** Works a projection while this node holds its lease. */
  const own = async (projector: Projector, lease: Lease): Promise<OwnOutcome> => {
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
      // Checked before the claim too, so that an older node stepping down does not bump the epoch.
      if (builtByNewer(projector, await projectionStore.read(projector.name))) return 'stepped down';
      const claim = await projectionStore.claim(projector.name, nodeId);
      const state = claim.state;
      epoch = claim.epoch;
      logger.info(
        { projection: projector.name, epoch, position: String(state.checkpoint?.position ?? 0n) },
        'projection claimed',
      );
      if (builtByNewer(projector, state)) return 'stepped down';
      if (state.version < projector.version)
        return await upgrade(projector, epoch, state.version, owned.signal);
      if (state.status === 'parked') {
        metrics.parked(projector.name, true);
        await waitWhileParked(projector.name, owned.signal);
        return 'done';
      }
      let checkpoint = state.checkpoint;
      // Counted per ownership: a node taking over mid-import counts from its own start.
      let sinceCatchUp = 0;
      const filter = projector.eventTypes.length > 0 ? { filter: { eventTypes: projector.eventTypes } } : {};
      const subscription = eventStore.subscribeBatches(checkpoint, {
        ...filter,
        batchSize,
        signal: owned.signal,
      });
      const batches = subscription[Symbol.asyncIterator]();
      const refused = () =>
        logger.warn(
          { projection: projector.name, epoch },
          'write refused by the fence: another node owns this projection',
        );
      try {
        let next = batches.next();
        for (;;) {
          // Due after a bulk of events, once no next batch comes for a while: at the head, not mid-import.
          if (
            sinceCatchUp >= catchUpEvents &&
            checkpoint !== null &&
            (await quietFor(next, catchUpQuietMs, owned.signal))
          ) {
            const upkeep = await afterCatchUp(projector, epoch, checkpoint, sinceCatchUp);
            sinceCatchUp = 0;
            if (upkeep === 'fenced') {
              refused();
              return 'done';
            }
          }
          let step: IteratorResult<RecordedEvent[]>;
          try {
            step = await next;
          } catch (error) {
            if (!(error instanceof UnreadableEventError)) throw error;
            const outcome = await readPastUnreadable(
              projector,
              epoch,
              checkpoint,
              error,
              filter,
              owned.signal,
            );
            if (outcome.kind === 'fenced') refused();
            // Parked, stopped, or past it: a fresh ownership subscribes again from the stored checkpoint.
            return 'done';
          }
          if (step.done === true) return 'done';
          const outcome = await applyBatch(projector, epoch, checkpoint, step.value, owned.signal);
          if (outcome.kind !== 'applied') {
            if (outcome.kind === 'fenced') refused();
            return 'done';
          }
          checkpoint = outcome.checkpoint;
          sinceCatchUp += step.value.length;
          next = batches.next();
        }
      } finally {
        // Ends the subscription as `for await` would. A `next` still pending (fenced during the upkeep) would
        // wait for the next event first: the signal ends it now.
        owned.abort();
        await batches.return?.(undefined);
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
      let outcome: OwnOutcome = 'done';
      try {
        outcome = await own(projector, lease);
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
      // Leaves the lease to the nodes that run the newer version (or rebuild) for a while before asking again.
      if (outcome === 'stepped down') await sleep(Math.max(idlePollMs, ttl) * (0.5 + Math.random()), signal);
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
