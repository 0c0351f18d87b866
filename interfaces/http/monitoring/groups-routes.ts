import type { Context } from 'koa';
import type { ServerGroupCommands } from '../../../application/monitoring/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { MonitoringQueries } from '../../../projections/monitoring/index.ts';
import { adminWrite } from '../admin-write.ts';
import { namingTheField } from './field-refusals.ts';
import { ACCEPTED_RESPONSE, type CommittedResult, answerCommitted } from '../committed-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { Group, items } from './monitoring-responses.ts';
import { EDITORS, GroupPatchBody, IdParams, NewGroupBody, READERS } from './monitoring-schemas.ts';

export interface GroupsRoutesDeps {
  readonly groups: ServerGroupCommands;
  readonly queries: MonitoringQueries;
  readonly waitForMonitoring: (checkpoint: Checkpoint) => Promise<boolean>;
}

const SCOPE = 'monitoring-groups';
const answers = { 200: { description: 'The group', schema: Group } };
const written = { ...answers, ...ACCEPTED_RESPONSE };

/** `/api/v1/monitoring/groups`: groups of servers, where their alerts go, quiet hours, when they count as DOWN. */
export function groupsRoutes(deps: GroupsRoutesDeps): ApiFeature {
  const groups = apiFeature('/monitoring/groups', 'Monitoring');

  const answer = (ctx: Context, groupId: string, result: CommittedResult, status = 200) =>
    answerCommitted(ctx, {
      result,
      id: groupId,
      path: `/monitoring/groups/${groupId}`,
      status,
      waitFor: deps.waitForMonitoring,
      read: () => deps.queries.getGroup(groupId),
    });

  groups.get(
    '/',
    {
      summary: 'The server groups, with their servers and how many are DOWN',
      access: READERS,
      responses: { 200: { description: 'Groups', schema: items(Group) } },
    },
    async (ctx) => {
      ctx.body = { items: await deps.queries.listGroups() };
    },
  );

  groups.get(
    '/:id',
    { summary: 'One server group', access: READERS, request: { params: IdParams }, responses: answers },
    async (ctx, { params }) => {
      const group = await deps.queries.getGroup(params.id);
      if (!group) throw new DomainError('SERVER_GROUP.NOT_FOUND', `No server group ${params.id}`);
      ctx.body = group;
    },
  );

  groups.post(
    '/',
    {
      summary: 'Create a server group, optionally routing its alerts to a chat (and forum topic)',
      access: EDITORS,
      idempotent: true,
      request: { body: NewGroupBody },
      responses: { 201: { description: 'The new group', schema: Group }, ...ACCEPTED_RESPONSE },
    },
    namingTheField(async (ctx, { body }) => {
      const created = await deps.groups.create(body, adminWrite(ctx, SCOPE));
      await answer(ctx, created.groupId, created, 201);
    }),
  );

  groups.patch(
    '/:id',
    {
      summary: 'Rename a group, route its alerts (null: nowhere), set its quiet hours or its status rule',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams, body: GroupPatchBody },
      responses: written,
    },
    namingTheField(async (ctx, { params, body }) => {
      // One command for every field: a refused part (bad quiet hours) leaves the others unwritten too.
      await answer(ctx, params.id, await deps.groups.change(params.id, body, adminWrite(ctx, SCOPE)));
    }),
  );

  groups.delete(
    '/:id',
    {
      summary: 'Remove a group (refused while it holds servers)',
      access: EDITORS,
      idempotent: true,
      request: { params: IdParams },
      responses: written,
    },
    async (ctx, { params }) => {
      await answer(ctx, params.id, await deps.groups.remove(params.id, adminWrite(ctx, SCOPE)));
    },
  );

  return groups.feature;
}
