import { closeRedis, openRedis } from '../../infrastructure/redis/index.ts';
import { checkedFetch } from './openapi-check.ts';

export interface ApiCall {
  /** Defaults to POST with a body, GET without. */
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `Authorization: Bearer`. */
  token?: string;
  headers?: Record<string, string>;
}

/**
 * Calls `/api/v1{path}` on a running node, as a program using the API would; rejects when the answer breaks
 * the node's OpenAPI document (see `checkAgainstOpenApi`).
 */
export function apiCall(baseUrl: string, path: string, options: ApiCall = {}): Promise<Response> {
  return checkedFetch(baseUrl, path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(options.token === undefined ? {} : { Authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

/** Deletes the Redis keys a test's nodes wrote under their own `REDIS_KEY_PREFIX`. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = openRedis({ url, name: 'tbot-test-cleanup' });
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await closeRedis(redis);
}
