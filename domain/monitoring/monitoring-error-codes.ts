/**
 * The codes the monitoring feature refuses with (its server groups, servers and their checks, maintenance
 * windows and incidents). Field errors name the field in the error's context (`field`), so an interface can
 * point at it.
 */
export type MonitoringErrorCode =
  ServerGroupErrorCode | ServerErrorCode | CheckErrorCode | MaintenanceErrorCode | IncidentErrorCode;

export type ServerGroupErrorCode =
  | 'SERVER_GROUP.NOT_FOUND'
  | 'SERVER_GROUP.ALREADY_EXISTS'
  | 'SERVER_GROUP.REMOVED'
  | 'SERVER_GROUP.NOT_EMPTY'
  | 'SERVER_GROUP.FULL'
  | 'SERVER_GROUP.INVALID_NAME'
  | 'SERVER_GROUP.INVALID_ALERT_ROUTE'
  | 'SERVER_GROUP.INVALID_QUIET_HOURS'
  | 'SERVER_GROUP.INVALID_STATUS_RULE';

export type ServerErrorCode =
  | 'SERVER.NOT_FOUND'
  | 'SERVER.ALREADY_EXISTS'
  | 'SERVER.REMOVED'
  | 'SERVER.INVALID_NAME'
  | 'SERVER.NAME_TAKEN'
  | 'SERVER.INVALID_HOST'
  | 'SERVER.PARENT_CYCLE'
  | 'SERVER.TOO_DEEP'
  | 'SERVER.NO_CHECKS'
  | 'SERVER.TOO_MANY_CHECKS';

/** One code per part of a check, so the interface can name the field (`checks.0.timing.intervalSeconds`). */
export type CheckErrorCode =
  | 'CHECK.NOT_FOUND'
  | 'CHECK.ALREADY_EXISTS'
  | 'CHECK.INVALID_KIND'
  | 'CHECK.INVALID_PORT'
  | 'CHECK.INVALID_URL'
  | 'CHECK.INVALID_METHOD'
  | 'CHECK.INVALID_STATUS_RANGE'
  | 'CHECK.INVALID_KEYWORD'
  | 'CHECK.INVALID_JSON_PATH'
  | 'CHECK.INVALID_TLS_WARNING'
  | 'CHECK.INVALID_ADDRESS'
  | 'CHECK.INVALID_INTERVAL'
  | 'CHECK.INVALID_TIMEOUT'
  | 'CHECK.INVALID_RETRIES'
  | 'CHECK.INVALID_RETRY_INTERVAL'
  | 'CHECK.INVALID_RESEND_INTERVAL';

export type MaintenanceErrorCode =
  | 'MAINTENANCE.NOT_FOUND'
  | 'MAINTENANCE.ALREADY_EXISTS'
  | 'MAINTENANCE.ENDED'
  | 'MAINTENANCE.TARGET_NOT_FOUND'
  | 'MAINTENANCE.INVALID_PERIOD'
  | 'MAINTENANCE.INVALID_CRON'
  | 'MAINTENANCE.INVALID_TIME_ZONE'
  | 'MAINTENANCE.CRON_NEVER_FIRES'
  | 'MAINTENANCE.INVALID_DURATION'
  | 'MAINTENANCE.INVALID_REASON';

export type IncidentErrorCode = 'INCIDENT.NOT_OPEN';
