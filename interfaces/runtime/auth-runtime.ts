import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { type Auth, makeAuth } from '../../application/auth/index.ts';
import { commandContext } from '../../application/commands/index.ts';
import {
  type Checkpoint,
  type EventStore,
  type Logger as AppLogger,
  type RefreshTokenStore,
  type UserDirectory,
} from '../../application/ports/index.ts';
import type { UserCommandResult, UserCommands } from '../../application/users/index.ts';
import { DomainError } from '../../domain/shared/index.ts';
import {
  argon2PasswordHasher,
  jwtAccessTokens,
  postgresRefreshTokens,
  rateLimitedLoginThrottle,
} from '../../infrastructure/auth/index.ts';
import { type Config, ConfigError, type NodeEnv } from '../../infrastructure/config/index.ts';
import type { RateLimiterOptions } from '../../infrastructure/rate-limits/index.ts';
import type { Database } from '../../infrastructure/postgres/index.ts';
import {
  type ProjectionStore,
  type UsersDatabase,
  userDirectoryQueries,
  usersProjector,
  waitForProjection,
} from '../../projections/index.ts';
import type { ApiFeature } from '../http/api/index.ts';
import { type CurrentUsers, authRoutes, cachedCurrentUsers, csrfTokens } from '../http/auth/index.ts';
import { usersRoutes } from '../http/users/index.ts';
import { makeUsersCommands } from './users-runtime.ts';

/** A write answers once the users read model has it, or after this long (it then answers what it has). */
const USERS_READ_YOUR_WRITES_MS = 5_000;
/** A first start waits this long for the initial admin to be readable before it serves. */
const INITIAL_ADMIN_WAIT_MS = 30_000;

/**
 * The HS256 key of access tokens: `AUTH_JWT_SECRET` (at least 32 characters). Required in production; in
 * development a random per-process key, with a warning: tokens then die with the process, and nodes of a
 * cluster must share one key or refuse each other's tokens.
 */
export function jwtSecret(nodeEnv: NodeEnv, logger: AppLogger, secret: string | undefined): string {
  if (secret !== undefined && secret !== '') {
    if (secret.length < 32) throw new ConfigError(['AUTH_JWT_SECRET must be at least 32 characters long']);
    return secret;
  }
  if (nodeEnv === 'production') {
    throw new ConfigError([
      'AUTH_JWT_SECRET is required in production (32+ random characters, shared by all nodes)',
    ]);
  }
  logger.warn(
    'AUTH_JWT_SECRET is not set: access tokens are signed with a random key of this process only (set it for more than one node)',
  );
  return randomBytes(32).toString('base64url');
}

export interface AuthRuntime {
  readonly auth: Auth;
  readonly users: UserCommands;
  /** The users' commands as the API runs them (see `forgettingWrites`): what the web admin calls too. */
  readonly commands: UserCommands;
  readonly directory: UserDirectory;
  /** Each request's user as of now (role, disabled), for `authenticate`; forgotten on this node's user writes. */
  readonly currentUsers: CurrentUsers;
  readonly routes: readonly ApiFeature[];
  /** Read-your-writes on the users read model. */
  readonly waitForUsers: (checkpoint: Checkpoint, timeoutMs?: number) => Promise<boolean>;
}

export interface AuthRuntimeDeps {
  readonly pool: pg.Pool;
  readonly db: Kysely<Database>;
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly jwtSecret: string;
  readonly redis: RateLimiterOptions['redis'];
}

/** Login, tokens, the users' commands and queries, and their routes. */
export function openAuthRuntime(deps: AuthRuntimeDeps): AuthRuntime {
  const directory = userDirectoryQueries(deps.db.withTables<UsersDatabase>());
  const refreshTokens = postgresRefreshTokens(deps.pool);
  const auth = makeAuth({
    users: directory,
    hasher: argon2PasswordHasher,
    accessTokens: jwtAccessTokens(deps.jwtSecret),
    refreshTokens,
    throttle: rateLimitedLoginThrottle(deps.redis),
  });
  const users = makeUsersCommands(deps.eventStore);
  const waitForUsers = (checkpoint: Checkpoint, timeoutMs = USERS_READ_YOUR_WRITES_MS) =>
    waitForProjection(deps.projectionStore, usersProjector.name, checkpoint, timeoutMs);
  const currentUsers = cachedCurrentUsers(directory);
  const commands = forgettingWrites(users, { currentUsers, refreshTokens, waitForUsers });
  const routes = [
    authRoutes({ auth, csrf: csrfTokens(deps.jwtSecret) }),
    usersRoutes({ commands, directory, waitForUsers }),
  ];
  return { auth, users, commands, directory, currentUsers, routes, waitForUsers };
}

/**
 * The users' commands as the API runs them: a write that changes what a token may do (role, disabled,
 * enabled) returns once the read model has it and this node's cache has forgotten the user, so that this node
 * refuses, restricts or again accepts the user's very next request. Other nodes follow within the cache's TTL.
 * Disabling a user or resetting their password also revokes their refresh tokens: every session logs in again,
 * and enabling the user later brings none back.
 */
function forgettingWrites(
  users: UserCommands,
  deps: {
    readonly currentUsers: CurrentUsers;
    readonly refreshTokens: RefreshTokenStore;
    readonly waitForUsers: AuthRuntime['waitForUsers'];
  },
): UserCommands {
  const forget = async (result: UserCommandResult): Promise<UserCommandResult> => {
    // Committed already: a read model that cannot be read now must not fail the write (the route answers 202).
    if (result.checkpoint) await deps.waitForUsers(result.checkpoint).catch(() => false);
    deps.currentUsers.forget(result.userId);
    return result;
  };
  // Only a write that recorded something signs out: a retry with the same Idempotency-Key, after the admin
  // enabled the user again, must not end their new sessions. After the read model has the disable, so that a
  // login or refresh racing it cannot make a token this revocation misses.
  const signOut = async (result: UserCommandResult): Promise<UserCommandResult> => {
    if (result.events.length > 0 && !result.duplicate) await deps.refreshTokens.revokeAllOf(result.userId);
    return result;
  };
  return {
    ...users,
    changeRole: async (...args) => forget(await users.changeRole(...args)),
    disable: async (...args) => signOut(await forget(await users.disable(...args))),
    enable: async (...args) => forget(await users.enable(...args)),
    resetPassword: async (...args) => signOut(await users.resetPassword(...args)),
  };
}

/**
 * `INITIAL_ADMIN_PASSWORD` on a first start: creates the user `admin` when there is no user yet. Logs that it
 * did, never the password. The `username-admin` reservation makes it happen once across nodes.
 */
export async function createInitialAdmin(
  runtime: AuthRuntime,
  config: Config,
  logger: Logger,
): Promise<void> {
  const password = config.auth.initialAdminPassword;
  if (password === undefined || password === '') return;
  if ((await runtime.directory.count()) > 0) return;
  const context = commandContext({
    actor: { kind: 'system', id: config.nodeId, name: 'INITIAL_ADMIN_PASSWORD' },
    source: 'system',
    correlationId: randomUUID(),
    occurredAt: new Date(),
  });
  try {
    const { userId, checkpoint } = await runtime.users.createUser(
      { username: 'admin', password, role: 'admin' },
      context,
    );
    logger.info({ userId, username: 'admin' }, 'initial admin created from INITIAL_ADMIN_PASSWORD');
    // Logging in reads the users read model: wait for it to have the admin, so that the first login right
    // after the first start does not fail (and count towards the brute-force limit).
    if (checkpoint && !(await runtime.waitForUsers(checkpoint, INITIAL_ADMIN_WAIT_MS))) {
      logger.warn('the users read model has not caught up yet: the initial admin can log in once it has');
    }
  } catch (error) {
    if (error instanceof DomainError && error.code === 'USER.USERNAME_ALREADY_EXISTS') return;
    throw error;
  }
}
