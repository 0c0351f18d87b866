import type { BotDeps } from '../bot-deps.ts';
import type { TextKey } from '../i18n/index.ts';

/**
 * The `/help` lines of the OTRS commands (#16) this bot has installed: each group only when its feature is on
 * (OTRS configured, and the runtime handed the feature in). Every approved role may use them: an action asks for
 * an OTRS link, not a TBot role, so they are shown to all.
 */
export function otrsHelpKeys(deps: Pick<BotDeps, 'otrsLinking' | 'otrsReads' | 'otrsActions'>): TextKey[] {
  return [
    ...(deps.otrsLinking ? (['helpOtrsLink', 'helpOtrsUnlink'] as const) : []),
    ...(deps.otrsReads ? (['helpMyTickets', 'helpTicket', 'helpQueue'] as const) : []),
    ...(deps.otrsActions ? (['helpTake', 'helpNote', 'helpReassign', 'helpClose'] as const) : []),
  ];
}
