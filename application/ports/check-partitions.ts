/**
 * The scheduler's partitions: every check belongs to one of a fixed number of partitions, and a node runs the
 * checks of the partitions it holds. A partition is held through a lease (liveness) and an epoch bumped on every
 * takeover (safety): results are written under the epoch, so a holder that lost its partition writes nothing.
 */

/** Fixed forever: changing it would move every check to another partition (and another node) at once. */
export const CHECK_PARTITION_COUNT = 64;

/**
 * The partition of a check: FNV-1a (32 bit) of its id's UTF-16 code units, modulo the count. Stable across
 * nodes, versions and restarts, and spreads uuids evenly.
 */
export function checkPartitionOf(checkId: string, count: number = CHECK_PARTITION_COUNT): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < checkId.length; i += 1) {
    hash ^= checkId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** A partition this node holds, with the epoch that fences what it writes. */
export interface HeldPartition {
  readonly partition: number;
  readonly epoch: number;
}

/** What changed in the set of held partitions. */
export interface PartitionChange {
  /** Everything held now, by partition number. */
  readonly held: readonly HeldPartition[];
  /** Newly held (with their new epoch): start running their checks. */
  readonly acquired: readonly HeldPartition[];
  /** No longer held (released to another node, or lost): stop their checks at once. */
  readonly released: readonly HeldPartition[];
}

export interface CheckPartitions {
  /** The partitions held now, by partition number. */
  held(): readonly HeldPartition[];
  /** Holds `partition` now, under `epoch`? (A cheap local answer; the database still fences every write.) */
  holds(partition: number, epoch: number): boolean;
  /**
   * Calls `listener` after every change of the held set (never for a round that changed nothing). Returns the
   * function that removes it. A listener that throws is logged, not retried.
   */
  onChange(listener: (change: PartitionChange) => void): () => void;
  /** Releases every held partition (a last change event says so) and stops taking new ones. */
  stop(): Promise<void>;
}
