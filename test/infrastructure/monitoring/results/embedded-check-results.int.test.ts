import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { checkPartitionOf } from '../../../../application/ports/check-partitions.ts';
import { claimPartition } from '../../../../infrastructure/monitoring/partitions/index.ts';
import { createPostgresCheckResults } from '../../../../infrastructure/monitoring/results/index.ts';
import { migrateToLatest, openDatabase } from '../../../../infrastructure/postgres/index.ts';
import { startEmbeddedPostgres } from '../../../../infrastructure/postgres/embedded/index.ts';

const quiet = { debug: () => undefined, info: () => undefined, error: () => undefined };

// The embedded default runs PostgreSQL 18, CI's server 15: the same migration and DDL must work on both.
test('the embedded PostgreSQL takes the partitioned results table, its partitions, fenced writes and drops', async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tbot-embedded-results-'));
  t.teardown(() => fs.rm(dataDir, { recursive: true, force: true }));
  const server = await startEmbeddedPostgres({ dataDir, port: 0, logger: quiet });
  t.teardown(() => server.stop());
  const handle = openDatabase({ url: server.url, poolMax: 2, applicationName: 'tbot-test' });
  t.teardown(() => handle.close());
  await migrateToLatest(handle.db);

  const { pool } = handle;
  const now = Date.now();
  const old = createPostgresCheckResults(pool, { retentionDays: () => 30, now: () => now - 35 * 86_400_000 });
  const results = createPostgresCheckResults(pool, { retentionDays: () => 30 });
  let checkId = randomUUID();
  while (checkPartitionOf(checkId) !== 1) checkId = randomUUID();
  const epoch = await claimPartition(pool, 1, 'embedded');
  const at = (ms: number) => ({
    checkId,
    serverId: checkId,
    slot: Math.floor(ms / 60_000),
    intervalSeconds: 60,
    startedAt: new Date(ms),
    status: 'up' as const,
    latencyMs: 3,
    message: null,
  });
  t.like(await old.record({ partition: 1, epoch, results: [at(now - 35 * 86_400_000)] }), { recorded: 1 });
  t.like(await results.record({ partition: 1, epoch, results: [at(now - 60_000), at(now - 60_000)] }), {
    recorded: 1,
    duplicates: 1,
  });
  t.deepEqual(await results.record({ partition: 1, epoch: epoch - 1, results: [at(now)] }), {
    written: false,
  });
  t.true((await results.createPartitionsAhead(new Date(now), 3)).length >= 3);
  t.is((await results.dropExpiredPartitions(new Date(now), 30)).length, 1);
  t.deepEqual((await results.uptime({ checkId }, new Date(now))).last30d, { total: 1, up: 1, ratio: 1 });
});
