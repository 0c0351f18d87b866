import type { LoginThrottle } from '../../application/ports/index.ts';
import { type RateLimiterOptions, createRateLimiter } from '../rate-limits/index.ts';

/** Failed logins allowed per user name and address in 15 minutes, and per address in a day. */
export const FAILED_LOGINS_PER_USER_AND_IP = 5;
export const FAILED_LOGINS_PER_IP_PER_DAY = 100;

/**
 * Counts failed logins only (a success forgives its user name and address), in Redis when given, with the
 * in-memory insurance limiter of `createRateLimiter` when Redis is away.
 */
export function rateLimitedLoginThrottle(redis: RateLimiterOptions['redis'] = null): LoginThrottle {
  const byUser = createRateLimiter({
    name: 'login-user-ip',
    points: FAILED_LOGINS_PER_USER_AND_IP,
    durationSeconds: 15 * 60,
    redis,
  });
  const byIp = createRateLimiter({
    name: 'login-ip',
    points: FAILED_LOGINS_PER_IP_PER_DAY,
    durationSeconds: 24 * 60 * 60,
    redis,
  });
  // Names compare as the users read model does, regardless of case; JSON keeps the pair unambiguous.
  const userKey = (username: string, ip: string) => JSON.stringify([username.toLowerCase(), ip]);

  return {
    async blockedFor(username, ip) {
      const waits = await Promise.all([byUser.blockedFor(userKey(username, ip)), byIp.blockedFor(ip)]);
      const blocked = waits.filter((ms): ms is number => ms !== null);
      return blocked.length === 0 ? null : Math.max(...blocked);
    },
    async failed(username, ip) {
      await Promise.all([byUser.consume(userKey(username, ip)), byIp.consume(ip)]);
    },
    succeeded: (username, ip) => byUser.reset(userKey(username, ip)),
  };
}
