/**
 * A reader's place in the whole log. The PostgreSQL store orders by (writing transaction, position): a
 * checkpoint is that pair, never the position alone, or events committed late would be skipped.
 */
export interface Checkpoint {
  readonly transactionId: bigint;
  readonly position: bigint;
}

/** `"<transactionId>/<position>"`: how a checkpoint travels through JSON, logs and CLI arguments. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.transactionId}/${checkpoint.position}`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match?.[1] || !match[2])
    throw new RangeError(`Not a checkpoint: "${text}" (expected "<transaction>/<position>")`);
  return { transactionId: BigInt(match[1]), position: BigInt(match[2]) };
}

/** Orders checkpoints as the log does: by transaction, then position. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): -1 | 0 | 1 {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return 0;
}
