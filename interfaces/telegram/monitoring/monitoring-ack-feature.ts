import { Composer } from 'grammy';
import { DomainError } from '../../../domain/shared/index.ts';
import { ACKNOWLEDGE_CALLBACK_PREFIX } from '../../../projections/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { callbackSigner } from '../callback-data.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { BOT_REFUSALS } from '../refusal-replies.ts';

const COMPACT_UUID = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;

/** The check id of the button's compact form (a uuid without its dashes), `null` for anything else. */
const checkIdOf = (compact: string) => {
  const parts = COMPACT_UUID.exec(compact);
  return parts ? parts.slice(1).join('-') : null;
};
const SLOT = /^\d{1,15}$/;

/** The incident id (`checkId:slot`) an acknowledge button signed for `chatId` names, `null` for anything else. */
export function alertIncidentOf(
  signer: ReturnType<typeof callbackSigner>,
  chatId: number,
  data: string,
): string | null {
  const [, compact, slot] = signer.verify(chatId, data) ?? [];
  const checkId = compact === undefined ? null : checkIdOf(compact);
  return checkId === null || !slot || !SLOT.test(slot) ? null : `${checkId}:${slot}`;
}

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
      const incidentId = alertIncidentOf(signer, chatId, ctx.callbackQuery.data);
      if (!alerts || incidentId === null) {
        await ctx.answerCallbackQuery({ text: t('unknownButton') });
        return;
      }
      const pressed = ctx.callbackQuery.message?.message_id;
      // Before the acknowledgement, so the edit it makes reaches this message too should it be a copy.
      if (pressed !== undefined) await alerts.notePressedMessage(incidentId, chatId, pressed);
      const incidents = await alerts.untakenIncidentsWith(incidentId);
      if (incidents.length === 0) {
        await ctx.answerCallbackQuery({ text: t('ackNothingAlert') });
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
