import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import type { Checkpoint, LeaseManager, Projector } from '../../application/ports/index.ts';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';
import type { OtrsBotActions } from '../../interfaces/telegram/otrs/otrs-bot-actions.ts';
import { type SettingValue, defaultSettings } from '../../domain/settings/index.ts';
import { loadConfig } from '../../infrastructure/config/index.ts';
import { type EmployeesDatabase, employeeSearch } from '../../projections/employees/index.ts';
import { type PostgresEventStore, createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import { createMemoryLeaseManager, createRedisLeaseManager } from '../../infrastructure/leases/index.ts';
import { otrsLoginClaimKeys } from '../../infrastructure/otrs/index.ts';
import { createPostgresPersonalDataKeys, masterKeyOf } from '../../infrastructure/personal-data/index.ts';
import type { OtrsLoginClaimKeys } from '../../application/otrs/index.ts';
import { createPostgresProjectionStore } from '../../infrastructure/projections/index.ts';
import { closeRedis, openRedis } from '../../infrastructure/redis/index.ts';
import { createSecretSource } from '../../infrastructure/secrets/index.ts';
import {
  type TelegramOtrsDeps,
  type TelegramRuntime,
  startTelegramBot,
} from '../../interfaces/runtime/telegram-runtime.ts';
import { employeesProjector } from '../../projections/employees/index.ts';
import { startNotificationSender } from '../../interfaces/runtime/notification-runtime.ts';
import {
  type ProjectionRunner,
  createProjectionRunner,
  reactors,
  waitForProjection,
} from '../../projections/index.ts';
import { telegramProjector } from '../../projections/telegram/index.ts';
import { BotApiEmulator } from './bot-api-emulator.ts';
import { type CapturedLine, captureLogger } from './capture-logger.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';
import type { ActorNamesDatabase } from '../../projections/audit/index.ts';

export const TEST_BOT_TOKEN = '7000000001:test-token-for-the-emulator';
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface BotNodeOptions {
  /** Extra environment (TELEGRAM_*), over the harness's defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** This node's leases; by default a Redis lease manager of its own, sharing the harness's Redis keys. */
  readonly leases?: LeaseManager;
  readonly nodeId?: string;
  /** The OTRS feature's gateway (`/otrs_link`); absent: OTRS is off. Claim keys: the harness's own. */
  readonly otrs?: Omit<TelegramOtrsDeps, 'claimKeys'>;
  /** The OTRS card's buttons and action commands (#16); their note drafts: the bot's conversations. */
  readonly otrsActions?: Omit<OtrsBotActions, 'drafts'>;
}

/**
 * A TBot core for bot tests: a fresh database, the PostgreSQL event store, the employees and telegram
 * projections running, a Redis namespace of its own, and the Bot API emulator. `startBot` starts a bot node
 * as serve.ts would (several may run at once, as cluster nodes).
 */
export interface TelegramHarness {
  readonly database: TestDatabase;
  readonly eventStore: PostgresEventStore;
  readonly emulator: BotApiEmulator;
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly settings: Record<string, SettingValue>;
  readonly logs: CapturedLine[];
  /** The login claim keys of the harness's master key (the bot's OTRS linking uses them). */
  readonly claimKeys: OtrsLoginClaimKeys;
  /** The personal data keys the bot's message log uses (an OTRS session store must share them). */
  readonly personalDataKeys: PersonalDataKeys;
  startBot(options?: BotNodeOptions): Promise<TelegramRuntime>;
  redisLeases(nodeId: string): LeaseManager;
  /** Waits until projection `name` has applied `checkpoint` (read-your-writes). */
  projected(name: string, checkpoint: Checkpoint): Promise<void>;
  close(): Promise<void>;
}

export async function startTelegramHarness(
  env: Readonly<Record<string, string>> = {},
  /** Projectors run besides the employees', the telegram and the reactors (an OTRS read model). */
  extraProjectors: readonly Projector[] = [],
): Promise<TelegramHarness> {
  const database = await createTestDatabase({ poolMax: 4 });
  const eventStore = createPostgresEventStore({ pool: database.pool, url: database.url });
  const emulator = await BotApiEmulator.start();
  const logger = captureLogger();
  const keyPrefix = `tbot-test-${randomBytes(4).toString('hex')}:`;
  const redis = openRedis({ url: REDIS_URL, name: 'tbot-test', logger });
  const settings: Record<string, SettingValue> = defaultSettings();
  const projectionStore = createPostgresProjectionStore(database.pool);
  const masterKey = masterKeyOf(randomBytes(32));
  const personalDataKeys = createPostgresPersonalDataKeys({ pool: database.pool, masterKey });
  const claimKeys = otrsLoginClaimKeys(masterKey);
  const runner: ProjectionRunner = createProjectionRunner({
    projectors: [employeesProjector, telegramProjector, ...reactors, ...extraProjectors],
    eventStore,
    projectionStore,
    leases: createMemoryLeaseManager({ nodeId: 'projections' }),
    nodeId: 'projections',
    logger,
    options: { idlePollMs: 50 },
  });
  await runner.start();
  const runtimes: TelegramRuntime[] = [];
  const senders: { stop(): Promise<void> }[] = [];
  const redisLeases = (nodeId: string) =>
    createRedisLeaseManager({ redis, nodeId, keyPrefix: `${keyPrefix}lease:` });

  return {
    database,
    eventStore,
    emulator,
    redis,
    keyPrefix,
    settings,
    logs: logger.lines,
    claimKeys,
    personalDataKeys,
    redisLeases,
    async startBot(options = {}) {
      const nodeId = options.nodeId ?? `bot-${runtimes.length + 1}`;
      const config = loadConfig(
        {
          NODE_ID: nodeId,
          REDIS_KEY_PREFIX: keyPrefix,
          TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
          TELEGRAM_API_ROOT: emulator.apiRoot,
          TELEGRAM_POLLING_LEASE_TTL_MS: '1500',
          ...env,
          ...options.env,
        },
        createSecretSource({ keyring: () => null }),
      );
      const runtime = await startTelegramBot({
        config,
        logger,
        eventStore,
        leases: options.leases ?? redisLeases(nodeId),
        redis,
        search: employeeSearch(database.db.withTables<EmployeesDatabase>()),
        pool: database.pool,
        db: database.db,
        personalDataKeys,
        settings: { current: () => settings },
        pollTimeoutSeconds: 2,
        ...(options.otrs ? { otrs: { ...options.otrs, claimKeys } } : {}),
        ...(options.otrsActions ? { otrsActions: options.otrsActions } : {}),
      });
      runtimes.push(runtime);
      // What serve.ts runs beside the bot: the reactors' notices (access decisions) go out through the outbox.
      const notices = startNotificationSender({
        config,
        pool: database.pool,
        actorNamesDb: database.db.withTables<ActorNamesDatabase>(),
        personalDataKeys,
        projectionStore,
        leases: options.leases ?? redisLeases(nodeId),
        botApi: runtime.bot.api,
        settings: { current: () => settings },
        metrics: new Registry(),
        logger,
        sender: { idlePollMs: 50 },
      });
      if (notices) senders.push(notices);
      return runtime;
    },
    async projected(name, checkpoint) {
      if (!(await waitForProjection(projectionStore, name, checkpoint, 10_000))) {
        throw new Error(`projection ${name} did not catch up`);
      }
    },
    async close() {
      for (const sender of senders) await sender.stop().catch(() => undefined);
      for (const runtime of runtimes) await runtime.stop().catch(() => undefined);
      await runner.stop();
      await emulator.stop();
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await closeRedis(redis);
      await eventStore.close();
      await database.drop();
    },
  };
}
