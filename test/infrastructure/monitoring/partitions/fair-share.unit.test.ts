import { randomUUID } from 'node:crypto';
import test from 'ava';
import { CHECK_PARTITION_COUNT, checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import { acquisitionOrder, fairShare } from '../../../../infrastructure/monitoring/partitions/fair-share.ts';

test('a check’s partition never changes: pinned values, the same on every node and version', (t) => {
  t.is(checkPartitionOf('00000000-0000-0000-0000-000000000000'), 17);
  t.is(checkPartitionOf('3f2b8c1e-7d4a-4f7b-9c1d-2e5a6b7c8d9e'), 40);
  t.is(CHECK_PARTITION_COUNT, 64);
});

test('random check ids spread over every partition, none with more than twice its share', (t) => {
  const counts = new Array<number>(CHECK_PARTITION_COUNT).fill(0);
  for (let i = 0; i < 64_000; i += 1) {
    const partition = checkPartitionOf(randomUUID());
    counts[partition] = (counts[partition] ?? 0) + 1;
  }
  t.true(Math.min(...counts) > 500, `fewest ${Math.min(...counts)}`);
  t.true(Math.max(...counts) < 2000, `most ${Math.max(...counts)}`);
});

test('the fair share is ceil(partitions / live nodes), the node itself counted at least', (t) => {
  t.is(fairShare(64, 0), 64);
  t.is(fairShare(64, 1), 64);
  t.is(fairShare(64, 2), 32);
  t.is(fairShare(64, 3), 22);
  t.is(fairShare(64, 100), 1);
});

test('a node tries every partition once, from an offset of its own', (t) => {
  const order = acquisitionOrder('node-a', 64);
  t.deepEqual(
    [...order].sort((a, b) => a - b),
    Array.from({ length: 64 }, (_, i) => i),
  );
  t.notDeepEqual(acquisitionOrder('node-b', 64)[0], order[0]);
});
