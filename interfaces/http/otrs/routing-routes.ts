import { z } from 'zod';
import type { RoutingCommands } from '../../../application/otrs/index.ts';
import { MAX_QUEUES_PER_RULE, MAX_ROUTING_RULES } from '../../../domain/otrs/index.ts';
import { adminWrite } from '../admin-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';
import { AlertRouteBody } from '../monitoring/monitoring-schemas.ts';
import { namingTheField } from '../monitoring/field-refusals.ts';
import { plainString } from '../plain-text-schema.ts';

export interface OtrsRoutingRoutesDeps {
  readonly routing: RoutingCommands;
}

const SCOPE = 'otrs-routing';
const Priority = z.number().int().min(1).max(99).nullable().default(null);

/** One rule; a chat (and topic) is named as a monitoring group's alert route is: `chatId`, `messageThreadId`. */
const Rule = z.strictObject({
  queues: z
    .array(plainString().trim().min(1).max(200))
    .max(MAX_QUEUES_PER_RULE)
    .default([])
    .describe('Queue names (`IT::*`: IT and every queue under it); none: every queue'),
  minPriority: Priority.describe('OTRS priority id, 1 very low .. 5 very high; null: unbounded'),
  maxPriority: Priority,
  chat: AlertRouteBody.nullable().default(null).describe('Where the card goes; null: only to agents'),
  owner: z.boolean().default(false).describe("Also to the ticket's owner personally, when linked"),
  responsible: z.boolean().default(false).describe("Also to the ticket's responsible agent, when linked"),
});

export const RoutingRulesBody = z.strictObject({ rules: z.array(Rule).max(MAX_ROUTING_RULES) });

const RoutingRules = z.object({
  rules: z.array(
    z.object({
      queues: z.array(z.string()),
      minPriority: z.number().nullable(),
      maxPriority: z.number().nullable(),
      chat: z.object({ chatId: z.number(), messageThreadId: z.number().nullable() }).nullable(),
      owner: z.boolean(),
      responsible: z.boolean(),
    }),
  ),
});

/**
 * `/api/v1/otrs/routing`: where ticket cards go, by queue and priority, read in order as a whole. Admins
 * only: a rule sends customers' tickets into a chat.
 */
export function otrsRoutingRoutes(deps: OtrsRoutingRoutesDeps): ApiFeature {
  const routing = apiFeature('/otrs/routing', 'OTRS');
  const read = async () => ({ rules: await deps.routing.rules() });

  routing.get(
    '/',
    {
      summary: 'The ticket routing rules',
      access: ['admin'],
      responses: { 200: { description: 'The rules, in the order they are read', schema: RoutingRules } },
    },
    async (ctx) => {
      ctx.body = await read();
    },
  );

  routing.put(
    '/',
    {
      summary: 'Replace every ticket routing rule (the same rules again record nothing)',
      access: ['admin'],
      idempotent: true,
      request: { body: RoutingRulesBody },
      responses: { 200: { description: 'The rules as saved', schema: RoutingRules }, ...ACCEPTED_RESPONSE },
    },
    namingTheField(async (ctx, { body }) => {
      const result = await deps.routing.set(body.rules, adminWrite(ctx, SCOPE));
      // Read from the log itself, no read model to wait for; a read that fails after the commit is a 202.
      await answerCommitted(ctx, {
        result,
        id: 'otrs-routing',
        path: '/otrs/routing',
        status: 200,
        waitFor: () => Promise.resolve(true),
        read,
      });
    }),
  );

  return routing.feature;
}
