import type { Api } from 'grammy';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';
import { type Clock, type LeaseManager, type Logger, systemClock } from '../../application/ports/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createNotificationMetrics } from '../../infrastructure/metrics/index.ts';
import { postgresOutbox } from '../../infrastructure/notifications/index.ts';
import type { Kysely } from 'kysely';
import { type ActorNamesDatabase, resolveActorNames } from '../../projections/audit/index.ts';
import { type ProjectionStore, reactors } from '../../projections/index.ts';
import {
  type ActorNames,
  type OutboxSenderOptions,
  startOutboxSender,
} from '../telegram/notifications/index.ts';
import { callbackKeyOf, callbackSigner } from '../telegram/callback-data.ts';
import { TELEGRAM_OUTBOX_LIMITS } from '../telegram/telegram-limits.ts';
import { openMessageLog } from './message-log-runtime.ts';
import { startMessageLogPruning } from './telegram-message-pruning.ts';
import { telegramSender } from './telegram-runtime.ts';

export interface NotificationRuntimeDeps {
  readonly config: Pick<Config, 'nodeId' | 'telegram' | 'notifications'>;
  readonly pool: pg.Pool;
  /** The users' read models: an alert names who took it from them at send time, while the person is known. */
  readonly actorNamesDb: Kysely<ActorNamesDatabase>;
  /** Encrypt the message log's texts per Telegram user. */
  readonly personalDataKeys: PersonalDataKeys;
  readonly projectionStore: ProjectionStore;
  readonly leases: LeaseManager;
  /** The bot's own `Api` when this node runs the bot: notices then share its throttle. */
  readonly botApi: Api | null;
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
  readonly metrics: Registry;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Tests shorten these; production uses the defaults. */
  readonly sender?: Partial<OutboxSenderOptions>;
  readonly pruneEveryMs?: number;
}

/**
 * The notification sender of this node, and the outbox's pruning; `null` without a bot token (nobody could be
 * told: the rows wait for a node that has one). Every node with a token drains the outbox side by side, each
 * row claimed by one at a time.
 */
export function startNotificationSender(deps: NotificationRuntimeDeps): { stop(): Promise<void> } | null {
  const { config, pool, logger } = deps;
  const { botToken, apiRoot } = config.telegram;
  if (!botToken) return null;
  const clock = deps.clock ?? systemClock;
  const outbox = postgresOutbox(pool);
  const api =
    deps.botApi ??
    telegramSender({
      token: botToken,
      ...(apiRoot ? { apiRoot } : {}),
      messageLog: openMessageLog({ pool, personalDataKeys: deps.personalDataKeys, settings: deps.settings }),
      logger,
      clock,
    });
  const sender = startOutboxSender({
    outbox,
    api,
    actorNames: actorNamesFrom(deps.actorNamesDb),
    settings: () => deps.settings.current(),
    projectionStore: deps.projectionStore,
    reactors: reactors.map((reactor) => reactor.name),
    callbackSigner: callbackSigner(callbackKeyOf(botToken)),
    nodeId: config.nodeId,
    logger,
    metrics: createNotificationMetrics(deps.metrics, { nodeId: config.nodeId, outbox }),
    limits: TELEGRAM_OUTBOX_LIMITS,
    options: {
      sendTimeoutMs: config.notifications.sendTimeoutMs,
      claimMs: config.notifications.claimTtlMs,
      ...deps.sender,
    },
  });
  const pruning = startMessageLogPruning({
    messageLog: outbox,
    subject: 'notification outbox',
    leases: deps.leases,
    leaseName: 'notifications:outbox-prune',
    everyMs: deps.pruneEveryMs ?? 10 * 60_000,
    retentionDays: () => config.notifications.retentionDays,
    clock,
    logger,
  });
  logger.info({ reactors: reactors.map((reactor) => reactor.name) }, 'notification sender started');
  return {
    async stop() {
      await pruning.stop();
      await sender.stop();
    },
  };
}

/** People's names by `kind:id` from the users' read models (`resolveActorNames`, as the audit API reads them). */
function actorNamesFrom(db: Kysely<ActorNamesDatabase>): ActorNames {
  return async (actors) => {
    type Person = { actor_kind: 'admin' | 'telegram'; actor_id: string; actor_name: null };
    const people = actors.flatMap((actor): Person[] =>
      actor.kind === 'admin' || actor.kind === 'telegram'
        ? [{ actor_kind: actor.kind, actor_id: actor.id, actor_name: null }]
        : [],
    );
    const rows = await resolveActorNames(db, people);
    return new Map(
      rows.flatMap((row) =>
        row.actor_name === null ? [] : [[`${row.actor_kind}:${row.actor_id}`, row.actor_name]],
      ),
    );
  };
}
