import type { Logger } from 'pino';
import { type IdempotencyKeys, type LeaseManager, systemClock } from '../../application/ports/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { postgresIdempotencyKeys } from '../../infrastructure/idempotency/index.ts';
import type { DatabaseHandle } from '../../infrastructure/postgres/index.ts';
import { startIdempotencyKeyExpiry } from './idempotency-key-expiry.ts';

/** How often one node deletes the keys older than the retention. */
const EXPIRY_EVERY_MS = 10 * 60_000;

export interface IdempotencyRuntime {
  readonly keys: IdempotencyKeys;
  stop(): Promise<void>;
}

/** The idempotency keys (HTTP and event store), and the job that expires them. */
export function startIdempotencyRuntime(deps: {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly leases: LeaseManager;
  readonly logger: Logger;
}): IdempotencyRuntime {
  const keys = postgresIdempotencyKeys(deps.database.pool);
  const expiry = startIdempotencyKeyExpiry({
    keys,
    leases: deps.leases,
    everyMs: EXPIRY_EVERY_MS,
    retentionDays: deps.config.idempotency.retentionDays,
    clock: systemClock,
    logger: deps.logger.child({ component: 'idempotency' }),
  });
  return { keys, stop: () => expiry.stop() };
}
