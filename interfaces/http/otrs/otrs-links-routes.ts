import { z } from 'zod';
import type { AgentLinkCommands } from '../../../application/otrs/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import type { OtrsAgentLinkQueries } from '../../../projections/otrs/index.ts';
import { adminWrite } from '../admin-write.ts';
import { type ApiFeature, apiFeature } from '../api/api-feature.ts';
import { ACCEPTED_RESPONSE, answerCommitted } from '../committed-write.ts';

export interface OtrsLinksRoutesDeps {
  readonly links: Pick<AgentLinkCommands, 'unlink'>;
  readonly queries: OtrsAgentLinkQueries;
  readonly waitForLinks: (checkpoint: Checkpoint) => Promise<boolean>;
}

const ADMINS = ['admin'] as const;
const Status = z.enum(['active', 'expired']);
const Params = z.strictObject({
  telegramUserId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52),
});
const Link = z.object({
  telegramUserId: z.number().int(),
  login: z.string().describe("The OTRS agent's login (personal data: admins only)"),
  status: Status.describe('`expired`: OTRS ended the session, the agent was asked to log in again'),
  linkedAt: z.string(),
  updatedAt: z.string(),
});
const Revoked = z.object({ telegramUserId: z.number().int(), status: z.literal('unlinked') });

/**
 * `/api/v1/otrs/links`: the Telegram users linked to OTRS agents, for admins, and an admin's revocation of one
 * (the link ends with the reason `revoked`, the login is freed, the session dropped; the agent can link again).
 */
export function otrsLinksRoutes(deps: OtrsLinksRoutesDeps): ApiFeature {
  const otrs = apiFeature('/otrs', 'OTRS');

  otrs.get(
    '/links',
    {
      summary: 'Telegram users linked to an OTRS agent, most recently linked first',
      access: ADMINS,
      request: {
        query: z.strictObject({
          status: Status.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
      responses: { 200: { description: 'Links', schema: z.object({ items: z.array(Link) }) } },
    },
    async (ctx, { query }) => {
      ctx.body = { items: await deps.queries.listLinks(query) };
    },
  );

  otrs.delete(
    '/links/:telegramUserId',
    {
      summary: "Revoke a Telegram user's OTRS link (reason `revoked`): their session is dropped",
      access: ADMINS,
      idempotent: true,
      request: { params: Params },
      responses: { 200: { description: 'The link is gone', schema: Revoked }, ...ACCEPTED_RESPONSE },
    },
    async (ctx, { params }) => {
      const { telegramUserId } = params;
      const result = await deps.links.unlink(telegramUserId, 'revoked', adminWrite(ctx, 'otrs-links'));
      await answerCommitted(ctx, {
        result,
        id: String(telegramUserId),
        path: '/otrs/links',
        status: 200,
        waitFor: deps.waitForLinks,
        read: async () =>
          (await deps.queries.getLink(telegramUserId)) === null
            ? { telegramUserId, status: 'unlinked' as const }
            : null,
      });
    },
  );

  return otrs.feature;
}
