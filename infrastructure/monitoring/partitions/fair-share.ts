/** The most partitions one of `liveNodes` nodes holds: ceil(count / nodes), a node counting itself at least. */
export const fairShare = (partitionCount: number, liveNodes: number): number =>
  Math.ceil(partitionCount / Math.max(1, liveNodes));

/**
 * The order a node tries free partitions in: all of them, starting at an offset of its own (so that nodes
 * starting together do not knock at the same partitions first).
 */
export function acquisitionOrder(nodeId: string, partitionCount: number): number[] {
  let offset = 0;
  for (let i = 0; i < nodeId.length; i += 1) offset = (offset * 31 + nodeId.charCodeAt(i)) % partitionCount;
  return Array.from({ length: partitionCount }, (_, i) => (offset + i) % partitionCount);
}
