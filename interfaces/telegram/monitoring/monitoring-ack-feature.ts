import { Composer } from 'grammy';
import { DomainError } from '../../../domain/shared/index.ts';
import { ACKNOWLEDGE_CALLBACK_PREFIX } from '../../../projections/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { callbackSigner } from '../callback-data.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { BOT_REFUSALS } from '../refusal-replies.ts';

const CHECK_ID = /^[0-9a-f-]{36}$/;
const SLOT = /^\d{1,15}$/;

/**
 * The acknowledge button of a monitoring alert (#15): who may see monitoring (operators and admins) takes the
 * message's open incidents. Each is acknowledged through the check's handler; the message is edited by the
 * monitoring-notices reactor from the events, through the outbox (never from here after the commit).
 */
export function monitoringAckFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const signer = callbackSigner(deps.callbackKey);
  const alerts = deps.monitoringAlerts;

  feature.callbackQuery(
    new RegExp(`^${ACKNOWLEDGE_CALLBACK_PREFIX}:`),
    requireRole('admin', 'operator'),
    async (ctx) => {
      const { t, write } = ctx.tbot;
      const chatId = ctx.callbackQuery.message?.chat.id ?? ctx.from.id;
      const [, checkId, slot] = signer.verify(chatId, ctx.callbackQuery.data) ?? [];
      if (!alerts || !checkId || !slot || !CHECK_ID.test(checkId) || !SLOT.test(slot)) {
        await ctx.answerCallbackQuery({ text: t('unknownButton') });
        return;
      }
      const incidents = await alerts.untakenIncidentsWith(`${checkId}:${slot}`);
      if (incidents.length === 0) {
        await ctx.answerCallbackQuery({ text: t('alreadyDecided') });
        return;
      }
      let refused: DomainError | null = null;
      for (const incident of incidents) {
        // One press, several appends: each keyed apart, so a redelivered press repeats none of them.
        const key =
          write.idempotencyKey === undefined
            ? {}
            : { idempotencyKey: `${write.idempotencyKey}:${incident.incidentId}` };
        try {
          await alerts.acknowledge(incident, { metadata: write.metadata, ...key });
        } catch (error) {
          // An incident that recovered meanwhile is not open: the others are still taken.
          if (!(error instanceof DomainError)) throw error;
          refused = error;
        }
      }
      if (refused && incidents.length === 1) {
        await ctx.answerCallbackQuery({ text: t(BOT_REFUSALS[refused.code].button) });
        return;
      }
      await ctx.answerCallbackQuery({ text: t('decisionSaved') });
    },
  );
  return feature;
}
