import { Composer } from 'grammy';
import type { GroupView, ServerView } from '../../../projections/monitoring/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import type { Translate } from '../i18n/index.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { minuteOf, nameArgument, stateEmoji, stateName } from './monitoring-bot-text.ts';

/** Servers one board reads at most: more would not fit one message anyway. */
const MAX_SERVERS = 300;
/** Telegram takes 4,096 characters a message; the board stops short of it and says how many it left out. */
const MAX_BOARD_LENGTH = 3_800;

const serverLine = (t: Translate, server: ServerView) =>
  `${stateEmoji(server.state)} ${t('statusServer', {
    name: server.name,
    state: stateName(t, server.state),
    since: minuteOf(server.stateSince),
  })}`;

const groupLine = (t: Translate, group: GroupView) =>
  `${group.down ? '🔴' : '🟢'} <b>${t('statusGroup', {
    name: group.name,
    down: group.serversDown,
    servers: group.servers,
  })}</b>`;

/** The board's lines: each group, then its servers; servers of no group last. */
function boardLines(t: Translate, groups: readonly GroupView[], servers: readonly ServerView[]): string[] {
  const lines: string[] = [];
  for (const group of groups) {
    lines.push(groupLine(t, group));
    for (const server of servers) if (server.groupId === group.groupId) lines.push(serverLine(t, server));
  }
  const known = new Set(groups.map((group) => group.groupId));
  const loose = servers.filter((server) => server.groupId === null || !known.has(server.groupId));
  if (loose.length > 0 && groups.length > 0) lines.push(`<b>${t('statusNoGroup')}</b>`);
  for (const server of loose) lines.push(serverLine(t, server));
  return lines;
}

/** Joins lines up to the bound; the lines left out are counted in a last line. */
function cut(t: Translate, lines: readonly string[]): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > MAX_BOARD_LENGTH) {
      kept.push(t('statusMore', { count: lines.length - kept.length }));
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

/** `/status [GROUP]`: a compact board of the groups (DOWN by their rule) and their servers' states since when. */
export function statusFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const monitoring = deps.monitoring;
  if (!monitoring) return feature;

  feature.command('status', requireRole('admin', 'operator', 'viewer'), async (ctx) => {
    const { t } = ctx.tbot;
    const typed = ctx.match.trim();
    const asked = typed === '' ? null : nameArgument(typed);
    const groups = await monitoring.queries.listGroups();
    const group = asked === null ? null : groups.find((g) => g.name.toLowerCase() === asked.toLowerCase());
    if (typed !== '' && !group) {
      await ctx.reply(t('statusUnknownGroup', { name: asked ?? '?' }), { parse_mode: 'HTML' });
      return;
    }
    const servers = await monitoring.queries.listServers({
      ...(group ? { groupId: group.groupId } : {}),
      limit: MAX_SERVERS + 1,
      offset: 0,
    });
    const shown = servers.slice(0, MAX_SERVERS);
    const lines = boardLines(t, group ? [group] : groups, shown);
    const board = lines.length === 0 ? t('statusEmpty') : cut(t, lines);
    // More servers than one board reads: say so, rather than leave them out silently.
    const text =
      servers.length > MAX_SERVERS ? `${board}\n${t('statusTruncated', { count: MAX_SERVERS })}` : board;
    await ctx.reply(text, { parse_mode: 'HTML' });
  });

  return feature;
}
