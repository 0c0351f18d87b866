import { Composer } from 'grammy';
import type { CommandContext } from '../../../application/commands/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { callbackSigner } from '../callback-data.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { BOT_REFUSALS } from '../refusal-replies.ts';
import { alertIncidentOf } from './monitoring-ack-feature.ts';
import { nameArgument } from './monitoring-bot-text.ts';

/** Open incidents of one server taken at once at most (one per check, and a server has few checks). */
const MAX_INCIDENTS = 20;

interface Taking {
  readonly incidentId: string;
  take(write: CommandContext): Promise<unknown>;
}

/** What one `/ack` takes, and its answers (already translated) when it did and when nothing was left. */
interface Found {
  readonly takings: readonly Taking[];
  readonly done: string;
  readonly nothing: string;
}

/**
 * Takes each incident through the check's handler, each keyed apart (`<update key>:<incident>`), so that a
 * redelivered update repeats none of them. An incident closed meanwhile is refused; the others are still taken.
 * Returns the last refusal when nothing was taken.
 */
async function takeAll(write: CommandContext, takings: readonly Taking[]): Promise<DomainError | null> {
  let refused: DomainError | null = null;
  let taken = 0;
  for (const taking of takings) {
    const key =
      write.idempotencyKey === undefined
        ? {}
        : { idempotencyKey: `${write.idempotencyKey}:${taking.incidentId}` };
    try {
      await taking.take({ metadata: write.metadata, ...key });
      taken += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused = error;
    }
  }
  return taken === 0 ? refused : null;
}

/**
 * `/ack NAME` (the server's open incidents nobody took yet) or `/ack` as a reply to an alert (the incidents of
 * the alert's button): operators and admins, as the button. The alert is edited by the reactor from the events.
 */
export function ackCommandFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const monitoring = deps.monitoring;
  if (!monitoring) return feature;
  const signer = callbackSigner(deps.callbackKey);
  const alerts = deps.monitoringAlerts;

  /** The alert replied to, by its button's signed data: `null` when the reply is to no alert with a button. */
  async function takingsOfReply(ctx: BotContext): Promise<Found | null> {
    const replied = ctx.msg?.reply_to_message;
    const data = replied?.reply_markup?.inline_keyboard.flat()[0];
    if (!alerts || !replied || !data || !('callback_data' in data)) return null;
    const incidentId = alertIncidentOf(signer, replied.chat.id, data.callback_data);
    if (incidentId === null) return null;
    const incidents = await alerts.untakenIncidentsWith(incidentId);
    const { t } = ctx.tbot;
    return {
      done: t('ackDoneAlert'),
      nothing: t('ackNothingAlert'),
      takings: incidents.map((incident) => ({
        incidentId: incident.incidentId,
        take: (write) => alerts.acknowledge(incident, write),
      })),
    };
  }

  feature.command('ack', requireRole('admin', 'operator'), async (ctx) => {
    const { t, write } = ctx.tbot;
    let found: Found | null;
    if (ctx.match.trim() === '' && ctx.msg?.reply_to_message) {
      found = await takingsOfReply(ctx);
    } else {
      const name = nameArgument(ctx.match);
      const server = name === null ? null : await monitoring.serverNamed(name);
      if (name !== null && !server) {
        await ctx.reply(t('serverNotFound', { name }), { parse_mode: 'HTML' });
        return;
      }
      const incidents = server
        ? await monitoring.queries.listIncidents({
            serverId: server.serverId,
            open: true,
            limit: MAX_INCIDENTS,
            offset: 0,
          })
        : [];
      found = server && {
        done: t('ackDone', { name: server.name }),
        nothing: t('ackNothing', { name: server.name }),
        takings: incidents
          .filter((incident) => incident.acknowledgedAt === null)
          .map((incident) => ({
            incidentId: incident.incidentId,
            take: (w) =>
              monitoring.checkStates.acknowledge(
                { checkId: incident.checkId, serverId: incident.serverId },
                incident.incidentId,
                w,
              ),
          })),
      };
    }
    if (!found) {
      await ctx.reply(t('ackUsage'), { parse_mode: 'HTML' });
      return;
    }
    if (found.takings.length === 0) {
      await ctx.reply(found.nothing, { parse_mode: 'HTML' });
      return;
    }
    const refused = await takeAll(write, found.takings);
    const text = refused ? t(BOT_REFUSALS[refused.code].reply) : found.done;
    await ctx.reply(text, { parse_mode: 'HTML' });
  });

  return feature;
}
