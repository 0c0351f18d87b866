import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import {
  type TicketFeed,
  type TicketPoller,
  createTicketPoller,
  escalationWarnSecondsOf,
  makeTicketFeed,
} from '../../application/otrs/feed/index.ts';
import type { EventStore, LeaseManager } from '../../application/ports/index.ts';
import { randomIds, systemClock } from '../../application/ports/index.ts';
import type { PersonalDataKeys } from '../../application/personal-data/index.ts';
import type { SettingValue } from '../../domain/settings/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createOtrsFeedMetrics } from '../../infrastructure/metrics/otrs-feed-metrics.ts';
import { otrsCustomerKeys, otrsSearchStart, postgresFeedWatermark } from '../../infrastructure/otrs/index.ts';
import type { MasterKey } from '../../infrastructure/personal-data/index.ts';
import type { DatabaseHandle } from '../../infrastructure/postgres/index.ts';
import { otrsWebhookRoutes } from '../http/otrs/webhook-route.ts';
import type { OtrsRuntime } from './otrs-runtime.ts';

export interface OtrsFeedDeps {
  readonly config: Pick<Config, 'roles'>;
  /** `openOtrsRuntime`'s result: the node's one OTRS client and the feed's service agent. */
  readonly otrs: OtrsRuntime;
  readonly database: DatabaseHandle;
  readonly eventStore: EventStore;
  readonly personalDataKeys: PersonalDataKeys;
  readonly masterKey: MasterKey;
  readonly leases: LeaseManager;
  readonly settings: { current(): Readonly<Record<string, SettingValue>> };
  readonly metrics: Registry;
  readonly logger: Logger;
}

export interface RunningOtrsFeed {
  /** Records tickets by id through the service agent (the webhook's and the poller's one way in). */
  readonly feed: TicketFeed;
  /** `POST /otrs/webhook`, on a node with the `api` role when `OTRS_WEBHOOK_SECRET` is set; else none. */
  readonly routers: readonly Router[];
  /** The poller, on a node with the `workers` role (one node at a time polls); `null` elsewhere. */
  readonly poller: TicketPoller | null;
  stop(): Promise<void>;
}

/**
 * The ticket feed (#16, "two ways in, one log") of a node: the webhook OTRS's Invoker calls and the poller
 * that is its safety net, both recording through one feed. `null` without a service agent
 * (`OTRS_SERVICE_USER`): the feed reads every ticket as that agent, so without one there is neither.
 */
export function startOtrsFeed(deps: OtrsFeedDeps): RunningOtrsFeed | null {
  const { otrs, config } = deps;
  const logger = deps.logger.child({ component: 'otrs-feed' });
  const session = otrs.serviceSession;
  if (session === null) {
    logger.info('no OTRS_SERVICE_USER: the OTRS ticket feed (webhook and poller) is off');
    return null;
  }
  const watermark = postgresFeedWatermark(deps.database.pool);
  const metrics = createOtrsFeedMetrics(deps.metrics, () => watermark.read());
  const recording = makeTicketFeed({
    store: deps.eventStore,
    gateway: otrs.gateway,
    session,
    customerKeys: otrsCustomerKeys(deps.masterKey),
    forgottenAmong: (subjects) => deps.personalDataKeys.forgottenAmong(subjects),
    warnBeforeSeconds: escalationWarnSecondsOf(deps.settings),
    logger,
    clock: systemClock,
    ids: randomIds,
  });
  const feed: TicketFeed = {
    async record(ticketIds, via) {
      const outcome = await recording.record(ticketIds, via);
      metrics.recorded(via, outcome.events);
      return outcome;
    },
  };

  const secret = otrs.config.webhookSecret;
  const routers: Router[] = [];
  if (config.roles.includes('api') && secret !== undefined) {
    const allowFrom = otrs.config.webhookAllowFrom;
    routers.push(
      otrsWebhookRoutes({
        secret,
        allowFrom,
        receive: (ticketId) => feed.record([ticketId], 'webhook'),
        logger,
        onOutcome: (outcome) => metrics.webhook(outcome),
      }),
    );
    if (allowFrom.length === 0) {
      logger.info('no OTRS_WEBHOOK_ALLOW_FROM: the OTRS webhook answers calls from this host only');
    }
  }

  const { timeZone, pollIntervalMs } = otrs.config;
  const poller = config.roles.includes('workers')
    ? createTicketPoller({
        feed,
        gateway: otrs.gateway,
        session,
        watermark,
        leases: deps.leases,
        everyMs: pollIntervalMs,
        searchStart: (mark, now, marginMs) => otrsSearchStart(mark, now, marginMs, timeZone),
        clock: systemClock,
        logger,
      })
    : null;
  const polling = poller?.start() ?? null;
  logger.info(
    { webhook: routers.length > 0, poller: poller !== null, pollIntervalMs },
    'OTRS ticket feed started',
  );
  return {
    feed,
    routers,
    poller,
    async stop() {
      await polling?.stop();
    },
  };
}
