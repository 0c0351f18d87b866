import { z } from 'zod';
import {
  type CheckResults,
  LATENCY_SERIES_MAX_BUCKETS,
  type ResultsOf,
} from '../../../application/ports/check-results.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { MonitoringQueries } from '../../../projections/monitoring/index.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { CheckParams, IdParams, READERS } from './monitoring-schemas.ts';

export interface ResultsRoutesDeps {
  readonly results: Pick<CheckResults, 'uptime' | 'latencyPercentiles' | 'latencySeries' | 'recent'>;
  readonly queries: MonitoringQueries;
  readonly clock?: () => Date;
}

const DAY_MS = 86_400_000;
/** How far back a series reaches at most: the default retention (older days are dropped anyway). */
const MAX_RANGE_DAYS = 31;

const Window = z.object({ total: z.number().int(), up: z.number().int(), ratio: z.number().nullable() });
const Uptime = z.object({ last24h: Window, last7d: Window, last30d: Window });
const Percentiles = z.object({
  samples: z.number().int(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});

const LatencyQuery = z
  .strictObject({
    checkId: z.uuid().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    bucketSeconds: z.coerce
      .number()
      .int()
      .min(60)
      .max(DAY_MS / 1000)
      .default(300),
  })
  .superRefine((query, ctx) => {
    const until = query.until === undefined ? Date.now() : Date.parse(query.until);
    const from = query.from === undefined ? until - DAY_MS : Date.parse(query.from);
    if (from >= until) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before until' });
    if (until - from > MAX_RANGE_DAYS * DAY_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `at most ${MAX_RANGE_DAYS} days before until`,
      });
    }
    if ((until - from) / (query.bucketSeconds * 1000) > LATENCY_SERIES_MAX_BUCKETS) {
      ctx.addIssue({
        code: 'custom',
        path: ['bucketSeconds'],
        message: `at most ${LATENCY_SERIES_MAX_BUCKETS} buckets in the range`,
      });
    }
  });

/**
 * `/api/v1/monitoring/servers/{id}/uptime|latency|checks/{checkId}/results`: what the checks' raw results
 * (not events: the results store) say of a server, for viewers and up.
 */
export function resultsRoutes(deps: ResultsRoutesDeps): ApiFeature {
  const servers = apiFeature('/monitoring/servers', 'Monitoring');
  const clock = deps.clock ?? (() => new Date());

  const serverOf = async (serverId: string) => {
    const server = await deps.queries.getServer(serverId);
    if (!server) throw new DomainError('SERVER.NOT_FOUND', `No server ${serverId}`);
    return server;
  };

  servers.get(
    '/:id/uptime',
    {
      summary: 'Uptime of a server and of each of its checks over 24 hours, 7 days and 30 days',
      access: READERS,
      request: { params: IdParams },
      responses: {
        200: {
          description: 'Uptime (to the hour)',
          schema: Uptime.extend({ checks: z.array(Uptime.extend({ checkId: z.uuid() })) }),
        },
      },
    },
    async (ctx, { params }) => {
      const server = await serverOf(params.id);
      const now = clock();
      const overall = await deps.results.uptime({ serverId: server.serverId }, now);
      const checks = [];
      // At most MAX_CHECKS_PER_SERVER.
      for (const check of server.checks) {
        checks.push({
          checkId: check.checkId,
          ...(await deps.results.uptime({ checkId: check.checkId }, now)),
        });
      }
      ctx.body = { ...overall, checks };
    },
  );

  servers.get(
    '/:id/latency',
    {
      summary: 'Latency of a server (or one of its checks): percentiles and a series of buckets',
      description: 'Defaults: the last 24 hours, in buckets of 300 s.',
      access: READERS,
      request: { params: IdParams, query: LatencyQuery },
      responses: {
        200: {
          description: 'Latency in milliseconds',
          schema: z.object({
            from: z.string(),
            until: z.string(),
            percentiles: Percentiles,
            buckets: z.array(
              z.object({
                at: z.string(),
                total: z.number().int(),
                up: z.number().int(),
                avgMs: z.number().nullable(),
                maxMs: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (ctx, { params, query }) => {
      const server = await serverOf(params.id);
      if (query.checkId !== undefined && !server.checks.some((check) => check.checkId === query.checkId)) {
        throw new DomainError('CHECK.NOT_FOUND', `Server ${server.name} has no check ${query.checkId}`);
      }
      const of: ResultsOf =
        query.checkId === undefined ? { serverId: server.serverId } : { checkId: query.checkId };
      const until = query.until === undefined ? clock() : new Date(query.until);
      const from = query.from === undefined ? new Date(until.getTime() - DAY_MS) : new Date(query.from);
      const range = { from, to: until };
      const [percentiles, buckets] = await Promise.all([
        deps.results.latencyPercentiles(of, range),
        deps.results.latencySeries(of, range, query.bucketSeconds),
      ]);
      ctx.body = {
        from: from.toISOString(),
        until: until.toISOString(),
        percentiles,
        buckets: buckets.map((bucket) => ({ ...bucket, at: bucket.at.toISOString() })),
      };
    },
  );

  servers.get(
    '/:id/checks/:checkId/results',
    {
      summary: 'The latest results of one check, newest first',
      access: READERS,
      request: {
        params: CheckParams,
        query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      },
      responses: {
        200: {
          description: 'Results',
          schema: z.object({
            items: z.array(
              z.object({
                slotAt: z.string(),
                startedAt: z.string(),
                status: z.enum(['up', 'down']),
                latencyMs: z.number().nullable(),
                message: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (ctx, { params, query }) => {
      const server = await serverOf(params.id);
      if (!server.checks.some((check) => check.checkId === params.checkId)) {
        throw new DomainError('CHECK.NOT_FOUND', `Server ${server.name} has no check ${params.checkId}`);
      }
      const results = await deps.results.recent(params.checkId, query.limit);
      ctx.body = {
        items: results.map((result) => ({
          ...result,
          slotAt: result.slotAt.toISOString(),
          startedAt: result.startedAt.toISOString(),
        })),
      };
    },
  );

  return servers.feature;
}
