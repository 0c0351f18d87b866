import type { Logger } from '../../application/ports/logger.ts';
import type { OtrsConfig } from '../config/index.ts';
import { createOtrsClient, type OtrsClient } from './otrs-client.ts';
import type { OtrsRequestMetrics } from './otrs-request-metrics.ts';

/**
 * The OTRS client of a node's configuration (`config.otrs`), or `null` when the feature is off (no
 * `OTRS_BASE_URL`). Warns once when certificates are not checked, so an operator sees it in the start log.
 */
export function otrsClientFromConfig(
  config: OtrsConfig | undefined,
  deps: { readonly metrics: OtrsRequestMetrics; readonly logger: Logger },
): OtrsClient | null {
  if (config === undefined) return null;
  if (config.tls.insecure) {
    deps.logger.warn({ otrs: config.baseUrl }, 'OTRS_TLS_INSECURE: OTRS certificates are not checked');
  }
  return createOtrsClient({
    baseUrl: config.baseUrl,
    webservice: config.webservice,
    timeZone: config.timeZone,
    timeoutMs: config.requestTimeoutMs,
    tls: { caFile: config.tls.caFile, insecure: config.tls.insecure },
    metrics: deps.metrics,
    logger: deps.logger,
  });
}
