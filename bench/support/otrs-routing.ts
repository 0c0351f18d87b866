import { randomUUID } from 'node:crypto';
import { commandContext, handleOptions, makeCommandHandler } from '../../application/commands/index.ts';
import { OTRS_ROUTING_STREAM_ID, type OtrsRoutingRule, otrsRoutingDecider } from '../../domain/otrs/index.ts';
import { createPostgresEventStore } from '../../infrastructure/event-store/index.ts';
import type { DatabaseHandle } from '../../infrastructure/postgres/index.ts';
import { ADMIN_PASSWORD } from './monitoring-cluster.ts';

async function adminToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login at ${baseUrl}: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * Sets the OTRS routing rules as an admin does: `PUT /api/v1/otrs/routing`. A node without that route (a
 * branch before the routing API) gets the same command through the application's handler on the bench's
 * database instead (`via: 'store'`), which writes the event the route would.
 */
export async function setRoutingRules(options: {
  readonly baseUrl: string;
  readonly database: DatabaseHandle;
  readonly databaseUrl: string;
  readonly rules: readonly OtrsRoutingRule[];
}): Promise<{ via: 'api' | 'store' }> {
  const response = await fetch(`${options.baseUrl}/api/v1/otrs/routing`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await adminToken(options.baseUrl)}`,
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify({ rules: options.rules }),
  });
  const body = await response.text();
  if (response.status < 300) return { via: 'api' };
  if (response.status !== 404) throw new Error(`PUT /api/v1/otrs/routing: ${response.status} ${body}`);
  await setRoutingRulesInStore(options);
  return { via: 'store' };
}

/**
 * Sets the rules by the application's command handler on the bench's database, as `PUT /api/v1/otrs/routing`
 * would: before any node runs (the import's rule, first in the log), or where a node has no such route.
 */
export async function setRoutingRulesInStore(options: {
  readonly database: DatabaseHandle;
  readonly databaseUrl: string;
  readonly rules: readonly OtrsRoutingRule[];
}): Promise<void> {
  const store = createPostgresEventStore({ pool: options.database.pool, url: options.databaseUrl });
  try {
    const handle = makeCommandHandler({
      store,
      decider: otrsRoutingDecider,
      streamId: () => OTRS_ROUTING_STREAM_ID,
    });
    const write = commandContext({
      actor: { kind: 'system', id: 'bench-otrs', name: 'bench:otrs' },
      source: 'cli',
      correlationId: randomUUID(),
      occurredAt: new Date(),
    });
    await handle(
      { type: 'SetOtrsRoutingRules', data: { rules: options.rules }, metadata: write.metadata },
      handleOptions(write),
    );
  } finally {
    await store.close();
  }
}
