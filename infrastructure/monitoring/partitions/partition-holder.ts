import type pg from 'pg';
import {
  CHECK_PARTITION_COUNT,
  type CheckPartitions,
  type HeldPartition,
  type PartitionChange,
} from '../../../application/ports/check-partitions.ts';
import type { Lease, LeaseManager, Logger } from '../../../application/ports/index.ts';
import { acquisitionOrder, fairShare } from './fair-share.ts';
import { claimPartition, partitionEpochs } from './partition-claims.ts';

export interface PartitionHolderOptions {
  readonly nodeId: string;
  readonly pool: pg.Pool;
  /** The same lease manager the projections use (Redis in a cluster, memory in the embedded mode). */
  readonly leases: LeaseManager;
  /** Live nodes of the cluster, this one included (`countLiveNodes`); a failure keeps the last answer. */
  readonly liveNodes: () => Promise<number>;
  /**
   * The partitions each live node owns (`liveNodeHoldings`). With it, a node over `floor(count / nodes)` gives
   * the excess up while some live node holds less, so that a node joining 8 holders of 8 (or 33+ nodes) gets
   * work: `ceil` alone lets every holder keep its 8 and the ninth none. Without it, only `ceil` is kept.
   */
  readonly liveHoldings?: () => Promise<readonly number[]>;
  /** A partition's lease; renewed every third of it. A dead node's partitions move within about this long. */
  readonly leaseTtlMs?: number;
  readonly partitionCount?: number;
  readonly logger: Logger;
}

export interface PartitionHolder extends CheckPartitions {
  /** Runs a round every third of the lease TTL, the first at once. */
  start(): void;
  /**
   * One round: renews what is held (dropping what was lost or claimed by another node), releases what is over
   * the fair share, takes free partitions up to it. Rounds never overlap. Returns the change, if any.
   */
  rebalance(): Promise<PartitionChange | null>;
}

interface Holding {
  readonly lease: Lease;
  readonly epoch: number;
}

const leaseName = (partition: number) => `monitoring:scheduler:partition:${partition}`;

/**
 * Holds this node's fair share of the scheduler partitions. Each partition is a lease (liveness) plus an epoch
 * bumped in `monitoring.scheduler_partitions` on every claim (safety): the results store writes a batch only
 * under the epoch its partition is held with, so a holder that lost its lease (paused, cut off) writes nothing,
 * whatever it still believes. A node over its share releases the excess, so that one that joins gets work.
 */
export function createPartitionHolder(options: PartitionHolderOptions): PartitionHolder {
  const { nodeId, pool, leases, logger } = options;
  const ttlMs = options.leaseTtlMs ?? 15_000;
  const count = options.partitionCount ?? CHECK_PARTITION_COUNT;
  const order = acquisitionOrder(nodeId, count);
  const holdings = new Map<number, Holding>();
  const listeners = new Set<(change: PartitionChange) => void>();
  let liveNodes = 1;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<PartitionChange | null> = Promise.resolve(null);

  const held = (): HeldPartition[] =>
    [...holdings]
      .map(([partition, holding]) => ({ partition, epoch: holding.epoch }))
      .sort((a, b) => a.partition - b.partition);

  const announce = (acquired: HeldPartition[], released: HeldPartition[]): PartitionChange | null => {
    if (acquired.length === 0 && released.length === 0) return null;
    const change: PartitionChange = { held: held(), acquired, released };
    logger.info(
      { nodeId, held: change.held.length, acquired: acquired.length, released: released.length, liveNodes },
      'scheduler partitions changed',
    );
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        logger.error({ err: error, nodeId }, 'a scheduler partitions listener failed');
      }
    }
    return change;
  };

  const drop = (partition: number, released: HeldPartition[]) => {
    const holding = holdings.get(partition);
    if (!holding) return undefined;
    holdings.delete(partition);
    released.push({ partition, epoch: holding.epoch });
    return holding.lease;
  };

  /** Renewal, and a look at the epochs: a Redis that restarted empty may have let another node claim one. */
  const keep = async (released: HeldPartition[]) => {
    const renewed = await Promise.all(
      [...holdings].map(async ([partition, holding]) => [partition, await holding.lease.renew()] as const),
    );
    for (const [partition, ok] of renewed) if (!ok) drop(partition, released);
    try {
      const epochs = await partitionEpochs(pool, [...holdings.keys()]);
      for (const [partition, holding] of holdings) {
        if (epochs.get(partition) !== holding.epoch) await drop(partition, released)?.release();
      }
    } catch (error) {
      // The leases are still ours; the writes they guard are fenced by the database anyway.
      logger.warn({ err: error, nodeId }, 'scheduler partition epochs unreadable; kept the leases');
    }
  };

  const take = async (share: number, acquired: HeldPartition[]) => {
    for (const partition of order) {
      if (holdings.size >= share || stopped) return;
      if (holdings.has(partition)) continue;
      const lease = await leases.tryAcquire(leaseName(partition), ttlMs);
      if (!lease) continue;
      let epoch: number;
      try {
        epoch = await claimPartition(pool, partition, nodeId);
      } catch (error) {
        await lease.release();
        throw error;
      }
      holdings.set(partition, { lease, epoch });
      acquired.push({ partition, epoch });
    }
  };

  /** `ceil(count / nodes)`, or `floor` while some live node holds less than `floor` and this one has enough. */
  const targetShare = async () => {
    const ceil = fairShare(count, liveNodes);
    const floor = Math.floor(count / liveNodes);
    if (floor === ceil || holdings.size < floor || options.liveHoldings === undefined) return ceil;
    try {
      const starving = (await options.liveHoldings()).some((held) => held < floor);
      return starving ? floor : ceil;
    } catch (error) {
      logger.warn({ err: error, nodeId }, 'live holdings unknown; the ceiling share stands');
      return ceil;
    }
  };

  const round = async (): Promise<PartitionChange | null> => {
    if (stopped) return null;
    const acquired: HeldPartition[] = [];
    const released: HeldPartition[] = [];
    let told: HeldPartition[] = [];
    try {
      await keep(released);
      try {
        liveNodes = Math.max(1, await options.liveNodes());
      } catch (error) {
        logger.warn({ err: error, nodeId }, 'live nodes unknown; the last count stands');
      }
      const share = await targetShare();
      // The highest partitions go first; any would do.
      const excess = held()
        .slice(share)
        .map((p) => p.partition);
      const toRelease = excess.flatMap((partition) => drop(partition, released) ?? []);
      // Told before the leases go and before taking more: whoever runs the checks stops these first.
      told = released.splice(0);
      announce([], told);
      await Promise.all(toRelease.map((lease) => lease.release()));
      await take(share, acquired);
    } catch (error) {
      logger.warn({ err: error, nodeId }, 'scheduler partitions round failed; the next round tries again');
    }
    announce(acquired, released);
    const all = [...told, ...released];
    return acquired.length === 0 && all.length === 0 ? null : { held: held(), acquired, released: all };
  };

  const rebalance = () => {
    running = running.then(round, round);
    return running;
  };

  return {
    held,
    holds: (partition, epoch) => holdings.get(partition)?.epoch === epoch,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    rebalance,
    start() {
      if (timer || stopped) return;
      void rebalance();
      timer = setInterval(() => void rebalance(), Math.max(10, Math.floor(ttlMs / 3)));
      timer.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      const released: HeldPartition[] = [];
      const all = [...holdings.keys()].flatMap((partition) => drop(partition, released) ?? []);
      announce([], released);
      await Promise.all(all.map((lease) => lease.release()));
    },
  };
}
