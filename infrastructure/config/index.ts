export {
  LOG_LEVELS,
  NODE_ENVS,
  ROLES,
  SECRET_SETTINGS,
  type Config,
  type LogLevel,
  type NodeEnv,
  type OtrsConfig,
  type Role,
  type SecretSetting,
} from './config.ts';
export { ConfigError } from './config-error.ts';
export { ENV_SETTINGS } from './env-schema.ts';
export { loadConfig } from './load-config.ts';
export { loadEnvFile } from './load-env-file.ts';
