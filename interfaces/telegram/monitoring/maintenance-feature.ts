import { Composer } from 'grammy';
import { DomainError, findControlCharacter } from '../../../domain/shared/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { BOT_REFUSALS } from '../refusal-replies.ts';
import { minuteOf, nameArgument } from './monitoring-bot-text.ts';

/** The domain keeps a window's reason to 500 characters; the edge says so before anything is written. */
const MAX_REASON_LENGTH = 500;
/** A window from the bot lasts a week at most (the API sets longer ones). */
const MAX_WINDOW_MINUTES = 7 * 24 * 60;
const UNIT_MINUTES = { m: 1, h: 60, d: 24 * 60 } as const;
// The name runs up to the first word that is a duration: `/maintenance db 01 30m nightly upgrade`.
const ARGUMENTS = /^(.+?)\s+(\d{1,5})([mhd])(?:\s+([\s\S]*))?$/i;

export interface MaintenanceRequest {
  readonly name: string;
  readonly minutes: number;
  readonly reason: string | null;
}

/** `NAME 30m [reason]` within bounds (1 minute to 7 days, a plain reason of 500 characters), or `null`. */
export function maintenanceRequestOf(text: string): MaintenanceRequest | null {
  const parts = ARGUMENTS.exec(text.trim());
  const name = parts?.[1] === undefined ? null : nameArgument(parts[1]);
  if (!parts || name === null) return null;
  const unit = (parts[3] ?? 'm').toLowerCase() as keyof typeof UNIT_MINUTES;
  const minutes = Number(parts[2]) * UNIT_MINUTES[unit];
  const reason = parts[4]?.trim() ?? '';
  if (minutes < 1 || minutes > MAX_WINDOW_MINUTES) return null;
  if (reason.length > MAX_REASON_LENGTH || findControlCharacter(reason)) return null;
  return { name, minutes, reason: reason === '' ? null : reason };
}

/** `/maintenance NAME 30m [reason]`: a one-off window on the server from now (operators and admins). */
export function maintenanceFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const monitoring = deps.monitoring;
  if (!monitoring) return feature;

  feature.command('maintenance', requireRole('admin', 'operator'), async (ctx) => {
    const { t, write } = ctx.tbot;
    const request = maintenanceRequestOf(ctx.match);
    if (request === null) {
      await ctx.reply(t('maintenanceUsage'), { parse_mode: 'HTML' });
      return;
    }
    const server = await monitoring.serverNamed(request.name);
    if (!server) {
      await ctx.reply(t('serverNotFound', { name: request.name }), { parse_mode: 'HTML' });
      return;
    }
    // From the update's own time: a redelivered update keys the same window (the idempotency key) anyway.
    const from = new Date(write.metadata.occurredAt);
    const until = new Date(from.getTime() + request.minutes * 60_000);
    try {
      await monitoring.maintenance.schedule(
        {
          target: { kind: 'server', serverId: server.serverId },
          schedule: { kind: 'once', from: from.toISOString(), until: until.toISOString() },
          reason: request.reason,
        },
        write,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await ctx.reply(t(BOT_REFUSALS[error.code].reply), { parse_mode: 'HTML' });
      return;
    }
    await ctx.reply(t('maintenanceSet', { name: server.name, until: minuteOf(until) }), {
      parse_mode: 'HTML',
    });
  });

  return feature;
}
