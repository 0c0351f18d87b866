import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { SettingsView } from '../../application/settings/index.ts';
import type { Config } from '../../infrastructure/config/index.ts';
import { createRateLimiter } from '../../infrastructure/rate-limits/index.ts';
import { csrfTokens } from '../http/auth/index.ts';
import { dashboardPages, loadAdminAssets, sessionPages, webAdminRouters } from '../web/index.ts';
import type { AuthRuntime } from './auth-runtime.ts';
import type { HealthRuntime } from './health-runtime.ts';
import type { RateLimitStore } from './http-runtime.ts';

export interface WebAdminRuntimeDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly jwtSecret: string;
  readonly auth: AuthRuntime;
  readonly health: HealthRuntime;
  readonly settings: SettingsView;
  readonly rateLimits: RateLimitStore;
}

/** The web admin's routers (`/`, `/admin/**`), for `startHttpRuntime`'s `routers`. */
export function openWebAdmin(deps: WebAdminRuntimeDeps): Router[] {
  const { config } = deps;
  const budget = (name: string, points: number) =>
    createRateLimiter({ name, points, durationSeconds: 60, redis: deps.rateLimits });
  return webAdminRouters({
    logger: deps.logger.child({ component: 'web-admin' }),
    jwtSecret: deps.jwtSecret,
    currentUsers: deps.auth.currentUsers,
    csrf: csrfTokens(deps.jwtSecret),
    rateLimits: {
      perIp: budget('web-ip', config.http.rateLimitPerIpPerMinute),
      perUser: budget('web-user', config.http.rateLimitPerUserPerMinute),
    },
    assets: loadAdminAssets(),
    defaultLanguage: () => deps.settings.current()['bot.language'],
    features: [
      sessionPages({ auth: deps.auth.auth, csrf: csrfTokens(deps.jwtSecret), users: deps.auth.commands }),
      dashboardPages({ healthReport: deps.health.healthReport }),
    ],
  });
}
