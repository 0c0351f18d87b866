/**
 * `tbot serve` on a bench database, as an admin reaches it: the real process (its HTTP stack, the web admin
 * and the API, its projection runner), with rate limits far above what a run spends (the bench measures
 * answers, never refusals) and a Redis key prefix of its own.
 */
import { randomBytes } from 'node:crypto';
import { deleteRedisKeys } from '../../test/support/api-call.ts';
import { freePort } from '../../test/support/free-port.ts';
import { type ServingTbot, serveTbot } from '../../test/support/tbot-process.ts';

/** The admin the node creates at start (the database has no user yet), and its password. */
export const BENCH_ADMIN = { username: 'admin', password: 'bench-admin-passphrase-1' } as const;

const UNLIMITED_PER_MINUTE = '1000000';

export interface AdminNode {
  readonly baseUrl: string;
  /** A Bearer access token of the admin (`POST /api/v1/auth/login`). */
  accessToken(): Promise<string>;
  /** The `Cookie` header of the admin signed in as the web admin is (the API's cookie session). */
  sessionCookie(): Promise<string>;
  /** Stops the node and deletes its Redis keys. */
  stop(): Promise<void>;
}

/** Starts the node on `databaseUrl`; `redisUrl` '' runs it without Redis (in-process limits and leases). */
export async function startAdminNode(databaseUrl: string, redisUrl: string): Promise<AdminNode> {
  const keyPrefix = `tbot:bench-admin:${randomBytes(4).toString('hex')}:`;
  const node: ServingTbot = await serveTbot({
    DATABASE_URL: databaseUrl,
    ...(redisUrl === '' ? {} : { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix }),
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    INITIAL_ADMIN_PASSWORD: BENCH_ADMIN.password,
    API_RATE_LIMIT_PER_IP_PER_MINUTE: UNLIMITED_PER_MINUTE,
    API_RATE_LIMIT_PER_USER_PER_MINUTE: UNLIMITED_PER_MINUTE,
    // The access log costs what it costs in production, but is not kept in this process's memory.
    LOG_LEVEL: 'info',
  });
  // `serveTbot` keeps every parsed log line; a run writes thousands of access lines nobody reads.
  const trim = setInterval(() => node.logs.splice(0, node.logs.length), 5_000);
  trim.unref();
  const login = async (query: string) => {
    const response = await fetch(`${node.baseUrl}/api/v1/auth/login${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(BENCH_ADMIN),
    });
    if (response.status !== 200) throw new Error(`the admin cannot log in: ${response.status}`);
    return response;
  };
  return {
    baseUrl: node.baseUrl,
    async accessToken() {
      return ((await (await login('')).json()) as { accessToken: string }).accessToken;
    },
    async sessionCookie() {
      const response = await login('?cookie=1');
      await response.arrayBuffer();
      // `name=value` of each cookie the login set, as a browser sends them back.
      return response.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0] ?? '')
        .filter((pair) => pair !== '')
        .join('; ');
    },
    async stop() {
      clearInterval(trim);
      const run = await node.stop();
      if (run.code !== 0 && run.signal === null) console.error(`warn: tbot serve exited with ${run.code}`);
      if (redisUrl !== '') await deleteRedisKeys(redisUrl, keyPrefix).catch(() => undefined);
    },
  };
}
