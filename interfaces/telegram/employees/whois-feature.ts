import { Composer } from 'grammy';
import { findControlCharacter } from '../../../domain/shared/index.ts';
import type { BotContext } from '../bot-context.ts';
import type { BotDeps } from '../bot-deps.ts';
import { requireRole } from '../pipeline/require-role.ts';
import { employeeCard } from './employee-card.ts';

/** Host names are at most 253 characters; anything longer is no workstation. */
const MAX_HOST_LENGTH = 253;

/** `/whois HOST|IP`: who sits at a workstation (operators and admins: it maps machines to people). */
export function whoisFeature(deps: BotDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command('whois', requireRole('admin', 'operator'), async (ctx) => {
    const { t } = ctx.tbot;
    const host = ctx.match.trim();
    // A host name has no blanks and no control characters: anything else is no workstation's.
    if (host === '' || host.length > MAX_HOST_LENGTH || /\s/.test(host) || findControlCharacter(host)) {
      await ctx.reply(t('whoisUsage'), { parse_mode: 'HTML' });
      return;
    }
    const people = await deps.search.whois(host);
    const text =
      people.length === 0
        ? t('whoisNothing', { host })
        : [t('whoisHeader', { host }), ...people.map((person) => employeeCard(person, t))].join('\n\n');
    await ctx.reply(text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });

  return feature;
}
