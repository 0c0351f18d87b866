export { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';
export {
  createOtrsClient,
  MAX_SEARCH_LIMIT,
  OTRS_CLIENT_DEFAULTS,
  type OtrsClient,
  type OtrsClientOptions,
} from './otrs-client.ts';
export {
  createHttpTransport,
  OtrsTransportError,
  type HttpAnswer,
  type HttpRequest,
  type HttpTransport,
  type TlsOptions,
} from './otrs-http-transport.ts';
export { formatOtrsTime, isKnownTimeZone, parseOtrsTime } from './otrs-local-time.ts';
export {
  MAX_OTRS_MESSAGE_LENGTH,
  operationErrorCode,
  sanitiseOtrsMessage,
  type OtrsOperation,
} from './otrs-operation-error.ts';
export type { OtrsRequestMetrics, OtrsRequestOutcome } from './otrs-request-metrics.ts';
export { createServiceSession, type ServiceSession } from './otrs-service-session.ts';
export { otrsClientFromConfig } from './otrs-client-from-config.ts';
export { otrsCustomerKeys } from './otrs-customer-keys.ts';
export { otrsLoginClaimKeys } from './otrs-login-claim-keys.ts';
export { otrsSearchStart } from './otrs-search-start.ts';
export { postgresFeedWatermark } from './otrs-feed-watermark.ts';
export {
  postgresOtrsAgentSessions,
  type PostgresOtrsAgentSessionsDeps,
} from './postgres-otrs-agent-sessions.ts';
// OTRS actions from Telegram (#16).
export { postgresOtrsActionQueue } from './postgres-otrs-action-queue.ts';
