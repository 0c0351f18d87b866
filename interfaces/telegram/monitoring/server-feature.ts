import { Composer } from 'grammy';
import type { CheckResults, RecentResult } from '../../../application/ports/check-results.ts';
import type { CheckView, IncidentView, ServerView } from '../../../projections/monitoring/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import type { Translate } from '../i18n/index.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { minuteOf, nameArgument, percentOf, stateEmoji, stateName } from './monitoring-bot-text.ts';

/** A result's message is cut here: the card is a glance, the API has the whole text. */
const MAX_MESSAGE_LENGTH = 120;
const DAY_MS = 86_400_000;

/** What a check probes, as a sysadmin would name it: `tcp:22`, `http https://…`, `ping`. */
function checkLabel(check: CheckView): string {
  const { definition } = check;
  switch (definition.kind) {
    case 'tcp':
      return `tcp:${definition.port}`;
    case 'http':
      return `http ${definition.url}`;
    case 'dns':
    case 'ping':
    case 'push':
      return definition.kind;
  }
}

function resultText(t: Translate, result: RecentResult): string {
  if (result.status === 'down') {
    return t('resultDown', { message: (result.message ?? '—').slice(0, MAX_MESSAGE_LENGTH) });
  }
  return result.latencyMs === null
    ? t('resultUpNoLatency')
    : t('resultUp', { latency: Math.round(result.latencyMs) });
}

function checkLine(t: Translate, check: CheckView, last: RecentResult | undefined): string {
  const params = { check: checkLabel(check), state: stateName(t, check.state) };
  const line = last
    ? t('serverCheck', { ...params, at: minuteOf(last.startedAt), result: resultText(t, last) })
    : t('serverCheckNever', params);
  return `${stateEmoji(check.state)} ${line}`;
}

function incidentLines(t: Translate, incident: IncidentView | undefined): string[] {
  if (!incident) return [t('serverNoIncident')];
  const lines = [
    `🚨 ${t('serverIncident', {
      since: minuteOf(incident.failingSince),
      error: incident.firstError.slice(0, MAX_MESSAGE_LENGTH),
    })}`,
  ];
  if (incident.acknowledgedBy) {
    lines.push(`👀 ${t('serverIncidentTaken', { name: incident.acknowledgedBy.name ?? '—' })}`);
  }
  return lines;
}

async function serverCard(
  t: Translate,
  results: Pick<CheckResults, 'uptime' | 'latencyPercentiles' | 'recent'>,
  server: ServerView,
  incident: IncidentView | undefined,
  now: Date,
): Promise<string> {
  const of = { serverId: server.serverId };
  const [uptime, latency, lasts] = await Promise.all([
    results.uptime(of, now),
    results.latencyPercentiles(of, { from: new Date(now.getTime() - DAY_MS), to: now }),
    Promise.all(server.checks.map((check) => results.recent(check.checkId, 1))),
  ]);
  const ms = (value: number | null) => (value === null ? '—' : Math.round(value));
  return [
    `${stateEmoji(server.state)} <b>${t('serverHeader', { name: server.name, host: server.host })}</b>`,
    t('serverState', { state: stateName(t, server.state), since: minuteOf(server.stateSince) }),
    ...server.checks.map((check, i) => checkLine(t, check, lasts[i]?.[0])),
    t('serverUptime', {
      day: percentOf(uptime.last24h.ratio),
      week: percentOf(uptime.last7d.ratio),
      month: percentOf(uptime.last30d.ratio),
    }),
    t('serverLatency', { p50: ms(latency.p50), p95: ms(latency.p95) }),
    ...incidentLines(t, incident),
  ].join('\n');
}

/** `/server NAME`: its state, each check's last result, uptime 24 h / 7 d / 30 d, latency, open incident. */
export function serverFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const monitoring = deps.monitoring;
  if (!monitoring) return feature;

  feature.command('server', requireRole('admin', 'operator', 'viewer'), async (ctx) => {
    const { t } = ctx.tbot;
    const name = nameArgument(ctx.match);
    if (name === null) {
      await ctx.reply(t('serverUsage'), { parse_mode: 'HTML' });
      return;
    }
    const server = await monitoring.serverNamed(name);
    if (!server) {
      await ctx.reply(t('serverNotFound', { name }), { parse_mode: 'HTML' });
      return;
    }
    const [incident] = await monitoring.queries.listIncidents({
      serverId: server.serverId,
      open: true,
      limit: 1,
      offset: 0,
    });
    const card = await serverCard(t, monitoring.results, server, incident, deps.clock.now());
    await ctx.reply(card, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });

  return feature;
}
