import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { deleteRedisKeys } from '../../test/support/api-call.ts';
import { freePort } from '../../test/support/free-port.ts';
import { type ServingTbot, serveTbot } from '../../test/support/tbot-process.ts';
import { TEST_BOT_TOKEN } from '../../test/support/telegram-harness.ts';
import type { BenchTarget } from './monitoring-target-fleet.ts';

/** The initial admin's password on the bench's nodes. */
export const ADMIN_PASSWORD = 'bench-admin-passphrase';

/** Two (or more) `tbot serve` nodes on one database and Redis prefix, every role, Telegram at the emulator. */
export interface BenchCluster {
  readonly nodes: readonly ServingTbot[];
  readonly nodeIds: readonly string[];
  /** Stops the nodes (SIGTERM) and deletes the run's Redis keys. */
  stop(): Promise<void>;
}

export async function startBenchCluster(options: {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly telegramApiRoot: string;
  readonly nodes: number;
  /** More settings for every node (bench/otrs: the OTRS ones). */
  readonly env?: Readonly<Record<string, string>>;
}): Promise<BenchCluster> {
  const keyPrefix = `tbot:bench:${randomUUID()}:`;
  // One secret for every node: a token signed by one is good on the others.
  const jwtSecret = `bench-${randomUUID()}-${randomUUID()}`;
  const nodes: ServingTbot[] = [];
  const nodeIds: string[] = [];
  const stop = async () => {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    await deleteRedisKeys(options.redisUrl, keyPrefix);
  };
  try {
    // One after another: the first migrates and creates the admin.
    for (let i = 1; i <= options.nodes; i += 1) {
      const nodeId = `bench-node-${i}`;
      nodes.push(
        await serveTbot({
          DATABASE_URL: options.databaseUrl,
          REDIS_URL: options.redisUrl,
          REDIS_KEY_PREFIX: keyPrefix,
          HOST: '127.0.0.1',
          PORT: String(await freePort()),
          NODE_ID: nodeId,
          AUTH_JWT_SECRET: jwtSecret,
          INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
          TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
          TELEGRAM_API_ROOT: options.telegramApiRoot,
          // The setup writes a few thousand requests in a minute; the bench measures checks, not limits.
          API_RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
          API_RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
          ...options.env,
        }),
      );
      nodeIds.push(nodeId);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, nodeIds, stop };
}

/** The chat and forum topic group `g`'s alerts go to. */
export const groupChat = (g: number) => ({ chatId: -1_001_000_000_000 - g, messageThreadId: g + 1 });
export const serverName = (index: number) => `bench-${String(index).padStart(4, '0')}`;

async function post(
  baseUrl: string,
  token: string,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status !== 201 && response.status !== 202) {
    throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
  }
  return answer;
}

async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * Creates `groups` groups, each routed to a chat and topic of its own, and one server per target, each with one
 * check at `intervalSeconds`, through the HTTP API of the nodes in turn, `concurrency` requests at once. The
 * servers fill the groups in blocks (0..19 in group 0 for 2,000 in 100); `groupOf` says which.
 */
export async function createFleet(options: {
  readonly cluster: BenchCluster;
  readonly targets: readonly BenchTarget[];
  readonly groups: number;
  readonly intervalSeconds: number;
  /** The checks' timeout; `undefined`: the API's default (interval − 1 s, at most 10 s). */
  readonly timeoutSeconds: number | undefined;
  readonly concurrency: number;
}): Promise<{ groupOf: (index: number) => number }> {
  const { cluster, targets, groups } = options;
  const urls = cluster.nodes.map((node) => node.baseUrl);
  const tokens = await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      if (response.status !== 200) throw new Error(`login at ${url}: ${response.status}`);
      return ((await response.json()) as { accessToken: string }).accessToken;
    }),
  );
  const on = (i: number) => ({ url: urls[i % urls.length] ?? '', token: tokens[i % tokens.length] ?? '' });
  const perGroup = Math.ceil(targets.length / groups);
  const groupOf = (index: number) => Math.floor(index / perGroup);
  const groupIds: string[] = [];
  await inParallel(groups, options.concurrency, async (g) => {
    const { url, token } = on(g);
    const answer = await post(url, token, '/monitoring/groups', {
      name: `bench-group-${String(g).padStart(3, '0')}`,
      alertRoute: groupChat(g),
    });
    groupIds[g] = String(answer['groupId'] ?? answer['id']);
  });
  const timing = {
    intervalSeconds: options.intervalSeconds,
    ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
  };
  await inParallel(targets.length, options.concurrency, async (i) => {
    const target = targets[i];
    if (target === undefined) return;
    const { url, token } = on(i);
    const definition =
      target.kind === 'tcp' ? { kind: 'tcp', port: target.port } : { kind: 'http', url: target.url };
    await post(url, token, '/monitoring/servers', {
      name: serverName(target.index),
      host: '127.0.0.1',
      groupId: groupIds[groupOf(i)],
      checks: [{ definition, timing }],
    });
  });
  return { groupOf };
}

/** Partitions held per node now (nodes holding none are left out). */
export async function partitionOwners(pool: pg.Pool): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ owner: string; n: number }>(
    'select owner, count(*)::int as n from monitoring.scheduler_partitions group by owner',
  );
  return new Map(rows.map((row) => [row.owner, row.n]));
}
