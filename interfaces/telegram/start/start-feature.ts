import { Composer } from 'grammy';
import type { TelegramRole } from '../../../domain/telegram/index.ts';
import { roleName, statusName } from '../telegram/role-names.ts';
import { type BotContext, approvedUser } from '../bot-context.ts';
import type { TextKey } from '../i18n/index.ts';
import type { BotDeps } from '../bot-deps.ts';
import { otrsHelpKeys } from './otrs-help-lines.ts';

/** Which help line each role sees: a role is shown only what it may do. */
const HELP: readonly { key: TextKey; roles: readonly TelegramRole[] }[] = [
  { key: 'helpStart', roles: ['admin', 'operator', 'viewer'] },
  { key: 'helpHelp', roles: ['admin', 'operator', 'viewer'] },
  { key: 'helpMe', roles: ['admin', 'operator', 'viewer'] },
  { key: 'helpFind', roles: ['admin', 'operator', 'viewer'] },
  { key: 'helpWhois', roles: ['admin', 'operator'] },
  { key: 'helpStatus', roles: ['admin', 'operator', 'viewer'] },
  { key: 'helpServer', roles: ['admin', 'operator', 'viewer'] },
  { key: 'helpAck', roles: ['admin', 'operator'] },
  { key: 'helpMaintenance', roles: ['admin', 'operator'] },
  { key: 'helpRole', roles: ['admin'] },
  { key: 'helpBlock', roles: ['admin'] },
];

/** `/start`, `/help` (what this user's role may do, and the OTRS commands when they are on) and `/me`. */
export function startFeature(
  deps: Pick<BotDeps, 'otrsLinking' | 'otrsReads' | 'otrsActions'>,
): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const otrsLines = otrsHelpKeys(deps);

  feature.command('start', async (ctx) => {
    await ctx.reply(ctx.tbot.t('welcome'), { parse_mode: 'HTML' });
  });

  feature.command('help', async (ctx) => {
    const { t } = ctx.tbot;
    const { role } = approvedUser(ctx);
    const lines = HELP.filter((line) => line.roles.includes(role)).map((line) => t(line.key));
    lines.push(...otrsLines.map((key) => t(key)));
    await ctx.reply([t('helpHeader', { role: roleName(t, role) }), ...lines].join('\n'), {
      parse_mode: 'HTML',
    });
  });

  feature.command('me', async (ctx) => {
    const { t } = ctx.tbot;
    const user = approvedUser(ctx);
    await ctx.reply(
      t('me', {
        name: user.displayName,
        username: ctx.from?.username ? `@${ctx.from.username}` : '—',
        id: user.telegramUserId,
        role: roleName(t, user.role),
        // Past the access gate, the user is approved by definition.
        status: statusName(t, 'approved'),
      }),
      { parse_mode: 'HTML' },
    );
  });

  return feature;
}
