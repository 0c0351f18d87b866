import type { Context } from 'koa';
import { z } from 'zod';
import type { IssuedPushToken, ServerCommands } from '../../../application/monitoring/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { MonitoringQueries } from '../../../projections/monitoring/index.ts';
import { adminWrite } from '../admin-write.ts';
import { namingTheField } from './field-refusals.ts';
import { ACCEPTED_RESPONSE, type CommittedResult, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { checkOf } from './check-input.ts';
import { Server, WrittenServer, items } from './monitoring-responses.ts';
import {
  CheckBody,
  CheckParams,
  EDITORS,
  IdParams,
  NewServerBody,
  READERS,
  ServerListQuery,
  ServerPatchBody,
} from './monitoring-schemas.ts';

export interface ServersRoutesDeps {
  readonly servers: ServerCommands;
  readonly queries: MonitoringQueries;
  readonly waitForMonitoring: (checkpoint: Checkpoint) => Promise<boolean>;
  /** `monitoring.checkIntervalSeconds`: the interval of a check that names none. */
  readonly defaultIntervalSeconds: () => number;
}

const SCOPE = 'monitoring-servers';
const answers = { 200: { description: 'The server with its checks and their state', schema: Server } };
const writtenServer = {
  description: 'The server (and the tokens of new push checks)',
  schema: WrittenServer,
};
const written = { 200: writtenServer, ...ACCEPTED_RESPONSE };

/**
 * `/api/v1/monitoring/servers`: the watched servers and their checks. A server's state is its worst check's;
 * a new push check's token is answered once, with the write that made it.
 */
export function serversRoutes(deps: ServersRoutesDeps): ApiFeature {
  const servers = apiFeature('/monitoring/servers', 'Monitoring');

  const answer = async (
    ctx: Context,
    serverId: string,
    result: CommittedResult,
    pushTokens: readonly IssuedPushToken[] = [],
    status = 200,
  ) => {
    await answerCommitted(ctx, {
      result,
      id: serverId,
      path: `/monitoring/servers/${serverId}`,
      status,
      waitFor: deps.waitForMonitoring,
      read: async () => {
        const server = await deps.queries.getServer(serverId);
        return server && { ...server, pushTokens };
      },
    });
    // A 202 says nothing of the server: the tokens must still reach the caller, this once.
    if (ctx.status === 202 && pushTokens.length > 0) ctx.body = { ...(ctx.body as object), pushTokens };
  };

  servers.get(
    '/',
    {
      summary: 'The servers (not removed), by name, with their checks and state',
      access: READERS,
      request: { query: ServerListQuery },
      responses: { 200: { description: 'Servers', schema: items(Server) } },
    },
    async (ctx, { query }) => {
      ctx.body = { items: await deps.queries.listServers(query) };
    },
  );

  servers.get(
    '/:id',
    { summary: 'One server', access: READERS, request: { params: IdParams }, responses: answers },
    async (ctx, { params }) => {
      const server = await deps.queries.getServer(params.id);
      if (!server) throw new DomainError('SERVER.NOT_FOUND', `No server ${params.id}`);
      ctx.body = server;
    },
  );

  servers.post(
    '/',
    {
      summary: 'Register a server with a host and its checks (TCP, HTTP(S), ping, DNS, push)',
      access: EDITORS,
      idempotent: true,
      request: { body: NewServerBody },
      responses: { 201: writtenServer, ...ACCEPTED_RESPONSE },
    },
    namingTheField(async (ctx, { body }) => {
      const interval = deps.defaultIntervalSeconds();
      const result = await deps.servers.register(
        {
          name: body.name,
          host: body.host,
          groupId: body.groupId ?? null,
          parentId: body.parentId ?? null,
          checks: body.checks.map((check) => checkOf(check, interval)),
        },
        adminWrite(ctx, SCOPE),
      );
      await answer(ctx, result.serverId, result, result.pushTokens, 201);
    }),
  );

  servers.patch(
    '/:id',
    {
      summary: 'Rename a server, move it to another host, another group (null: none) or parent (null: none)',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams, body: ServerPatchBody },
      responses: written,
    },
    namingTheField(async (ctx, { params, body }) => {
      // One command for every field: a refused part (a cyclic parent) leaves the others unwritten too.
      await answer(ctx, params.id, await deps.servers.change(params.id, body, adminWrite(ctx, SCOPE)));
    }),
  );

  for (const [action, summary] of [
    ['pause', 'Pause a server: its checks stop, an open incident ends silently'],
    ['resume', 'Resume a paused server'],
  ] as const) {
    servers.post(
      `/:id/${action}`,
      { summary, access: EDITORS, idempotent: true, request: { params: IdParams }, responses: written },
      async (ctx, { params }) => {
        await answer(ctx, params.id, await deps.servers[action](params.id, adminWrite(ctx, SCOPE)));
      },
    );
  }

  servers.delete(
    '/:id',
    {
      summary: 'Remove a server for good, with its checks',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams },
      responses: written,
    },
    async (ctx, { params }) => {
      await answer(ctx, params.id, await deps.servers.remove(params.id, adminWrite(ctx, SCOPE)));
    },
  );

  servers.post(
    '/:id/checks',
    {
      summary: 'Add a check to a server',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams, body: CheckBody },
      responses: {
        201: { ...writtenServer, schema: WrittenServer.extend({ checkId: z.uuid() }) },
        ...ACCEPTED_RESPONSE,
      },
    },
    namingTheField(async (ctx, { params, body }) => {
      const check = checkOf(body, deps.defaultIntervalSeconds());
      const result = await deps.servers.addCheck(params.id, check, adminWrite(ctx, SCOPE));
      await answer(ctx, params.id, result, result.pushTokens, 201);
      if (ctx.status === 201) ctx.body = { ...(ctx.body as object), checkId: result.checkId };
    }),
  );

  servers.put(
    '/:id/checks/:checkId',
    {
      summary: 'Change what a check probes and its timing (a push check keeps its token)',
      access: EDITORS,
      idempotent: true,
      request: { params: CheckParams, body: CheckBody },
      responses: written,
    },
    namingTheField(async (ctx, { params, body }) => {
      const check = checkOf(body, deps.defaultIntervalSeconds());
      const result = await deps.servers.changeCheck(params.id, params.checkId, check, adminWrite(ctx, SCOPE));
      await answer(ctx, params.id, result, result.pushTokens);
    }),
  );

  servers.delete(
    '/:id/checks/:checkId',
    {
      summary: 'Remove a check (a server keeps at least one)',
      access: EDITORS,
      idempotent: true,
      request: { params: CheckParams },
      responses: written,
    },
    async (ctx, { params }) => {
      const result = await deps.servers.removeCheck(params.id, params.checkId, adminWrite(ctx, SCOPE));
      await answer(ctx, params.id, result);
    },
  );

  return servers.feature;
}
