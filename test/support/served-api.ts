import { randomUUID } from 'node:crypto';
import { type ApiCall, apiCall, deleteRedisKeys } from './api-call.ts';
import { freePort } from './free-port.ts';
import { type ServingTbot, serveTbot } from './tbot-process.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** The `AUTH_JWT_SECRET` of a served API unless a test sets its own; a test signing tokens uses it. */
export const TEST_JWT_SECRET = 'e2e-secret-0123456789-0123456789-abcdef';

/** The `INITIAL_ADMIN_PASSWORD` the user `admin` of a served API has unless a test sets its own. */
export const TEST_ADMIN_PASSWORD = 'first-admin-passphrase';

/** What `POST /auth/login` answers. */
export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

/** Logs in at the node at `baseUrl`; each failure would count towards the brute-force limit, so never retries. */
export async function loginAt(baseUrl: string, username: string, password: string): Promise<Session> {
  const response = await apiCall(baseUrl, '/auth/login', { body: { username, password } });
  if (response.status !== 200) throw new Error(`${username} cannot log in: ${response.status}`);
  return (await response.json()) as Session;
}

/**
 * `tbot serve` on a fresh database (migrated by the node itself) and a Redis key prefix of its own, on a free
 * port of 127.0.0.1, with the user `admin` created from `INITIAL_ADMIN_PASSWORD`.
 */
export interface ServedApi {
  readonly database: TestDatabase;
  readonly node: ServingTbot;
  readonly keyPrefix: string;
  /** Calls `/api/v1{path}` on the node. */
  call(path: string, options?: ApiCall): Promise<Response>;
  /** Logs in at the node; never retries (see `loginAt`). */
  login(username: string, password: string): Promise<Session>;
  /** A fresh access token of the user `admin`. */
  adminToken(): Promise<string>;
  /**
   * Another node on the same database, Redis prefix and auth settings: the fixture's settings with `env` over
   * them (not the first node's `env`). `stop` stops it too.
   */
  serveAnotherNode(env?: Readonly<Record<string, string | undefined>>): Promise<ServingTbot>;
  /** Stops the nodes, drops the database and deletes the Redis keys. For `test.after.always`. */
  stop(): Promise<void>;
}

export interface ServedApiOptions {
  /**
   * Settings of the first node over the fixture's (`AUTH_JWT_SECRET`, `INITIAL_ADMIN_PASSWORD`, …). A setting
   * given as `undefined` is left out, as for a node started without auth settings.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What the helpers below need of a test's `t`: a context holding the served API. */
export interface WithServedApi {
  readonly context: { readonly api: ServedApi };
}

function defined(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Serves the API for a test file: call in `test.before`, keep it in `t.context.api`, and call its `stop()` in
 * `test.after.always`. Cleans up after itself if the node does not start.
 */
export async function startServedApi(options: ServedApiOptions = {}): Promise<ServedApi> {
  const database = await createTestDatabase({ migrate: false });
  const keyPrefix = `tbot:test:${randomUUID()}:`;
  const settings: Record<string, string | undefined> = {
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: keyPrefix,
    HOST: '127.0.0.1',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    INITIAL_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
  };
  const serve = async (env: Readonly<Record<string, string | undefined>>) =>
    serveTbot(defined({ ...settings, PORT: String(await freePort()), ...env }));
  const cleanUp = async () => {
    await database.drop();
    await deleteRedisKeys(REDIS_URL, keyPrefix);
  };

  let node: ServingTbot;
  try {
    node = await serve(options.env ?? {});
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const others: ServingTbot[] = [];
  const adminPassword = { ...settings, ...options.env }['INITIAL_ADMIN_PASSWORD'] ?? TEST_ADMIN_PASSWORD;
  const login = (username: string, password: string) => loginAt(node.baseUrl, username, password);
  return {
    database,
    node,
    keyPrefix,
    call: (path, callOptions = {}) => apiCall(node.baseUrl, path, callOptions),
    login,
    adminToken: async () => (await login('admin', adminPassword)).accessToken,
    async serveAnotherNode(env = {}) {
      const other = await serve(env);
      others.push(other);
      return other;
    },
    async stop() {
      for (const other of others) await other.stop();
      await node.stop();
      await cleanUp();
    },
  };
}

/** `call` of the test's served API. */
export const call = (t: WithServedApi, path: string, options: ApiCall = {}): Promise<Response> =>
  t.context.api.call(path, options);

/** `login` of the test's served API: never retries. */
export const login = (t: WithServedApi, username: string, password: string): Promise<Session> =>
  t.context.api.login(username, password);

/** A fresh access token of the user `admin` of the test's served API. */
export const adminToken = (t: WithServedApi): Promise<string> => t.context.api.adminToken();
