import { z } from 'zod';
import type { SettingValue } from '../../../domain/settings/index.ts';
import type { TicketCardParams } from '../../../projections/index.ts';
import type { CallbackSigner } from '../callback-data.ts';
import { type Language, chooseLanguage, escapeHtml } from '../i18n/index.ts';
import { type TicketButtonAction, ticketButtonFields } from '../otrs/ticket-callback.ts';

// Beside the card rather than in the bot's dictionaries, as the alert's: a group chat has no user language,
// only the `bot.language` setting.
const TEXTS = {
  ru: {
    queue: 'Очередь',
    priority: 'Приоритет',
    customer: 'Клиент',
    takenBy: '👤 Взял(а)',
    owner: '👤 Владелец',
    closed: '✅ Закрыта',
    take: '✋ Беру',
    note: '📝 Заметка',
    reassign: '↪️ Передать',
    close: '✅ Закрыть',
  },
  en: {
    queue: 'Queue',
    priority: 'Priority',
    customer: 'Customer',
    takenBy: '👤 Taken by',
    owner: '👤 Owner',
    closed: '✅ Closed',
    take: '✋ Take',
    note: '📝 Note',
    reassign: '↪️ Reassign',
    close: '✅ Close',
  },
} as const satisfies Record<Language, Record<string, string>>;

const Agent = z.object({
  agentId: z.number().int().positive(),
  login: z.string().max(500).nullable(),
  telegramUserId: z.number().int().nullable(),
  name: z.string().max(500).nullable(),
});

/** Bounded by the domain's own limits (with room): a card never nears Telegram's 4096 characters. */
export const TicketCardParamsSchema = z.object({
  ticketId: z.number().int().positive(),
  number: z.string().max(100),
  title: z.string().max(1000).nullable(),
  queue: z.string().max(1000),
  priority: z.string().max(1000),
  customer: z.string().max(1000).nullable(),
  excerpt: z.string().max(4000).nullable(),
  state: z.string().max(1000),
  closed: z.boolean(),
  locked: z.boolean(),
  owner: Agent.nullable(),
});

/** The lines of the latest article a card shows, and their characters at most. */
const EXCERPT_LINES = 5;
const EXCERPT_CHARS = 500;
/** Under Telegram's 4096, with room for the entities' escaping. */
const MAX_TEXT_CHARS = 3900;

/** OTRS's own admin (`root@localhost`, UserID 1) owns every ticket nobody took: not worth a line. */
const DEFAULT_OWNER_ID = 1;

/**
 * `text` escaped for Telegram HTML, at most `max` characters of the escaped text (an entity is never cut):
 * OTRS's texts are bounded in characters, and escaping may make each of them several, so each field gets a
 * budget of the escaped length and the card stays under Telegram's limit whatever they hold.
 */
function escapedUpTo(text: string, max: number): string {
  const whole = escapeHtml(text);
  if (whole.length <= max) return whole;
  let out = '';
  for (const char of text) {
    const escaped = escapeHtml(char);
    if (out.length + escaped.length > max - 1) return `${out}…`;
    out += escaped;
  }
  return out;
}

function excerptOf(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, EXCERPT_LINES)
    .join('\n')
    .slice(0, EXCERPT_CHARS);
}

/** Who the card names as owner: the linked Telegram user's name, else the OTRS login, else the id. */
const agentName = (agent: NonNullable<TicketCardParams['owner']>) =>
  agent.name ?? agent.login ?? `#${agent.agentId}`;

/** The card as it is now (Telegram HTML), in the `bot.language`. */
export function otrsTicketCardText(
  params: TicketCardParams,
  settings: Readonly<Record<string, SettingValue>>,
): string {
  const texts = TEXTS[chooseLanguage(null, settings)];
  const title = params.title === null ? '' : ` · ${escapedUpTo(params.title, 1000)}`;
  const lines = [
    `🎫 <b>#${escapedUpTo(params.number, 100)}</b>${title}`,
    `${texts.queue}: ${escapedUpTo(params.queue, 300)} · ${texts.priority}: ${escapedUpTo(params.priority, 150)}`,
  ];
  if (params.customer !== null) lines.push(`${texts.customer}: ${escapedUpTo(params.customer, 600)}`);
  const owner = params.owner;
  if (owner !== null && params.locked) lines.push(`${texts.takenBy} ${escapedUpTo(agentName(owner), 300)}`);
  else if (owner !== null && owner.agentId !== DEFAULT_OWNER_ID)
    lines.push(`${texts.owner}: ${escapedUpTo(agentName(owner), 300)}`);
  if (params.closed) lines.push(`${texts.closed}: ${escapedUpTo(params.state, 200)}`);
  const head = lines.join('\n');
  const excerpt = params.excerpt === null ? '' : excerptOf(params.excerpt);
  if (excerpt === '') return head;
  // The head is at most about 2,700 characters (its budgets): the excerpt has the rest.
  const room = MAX_TEXT_CHARS - head.length - '\n<blockquote></blockquote>'.length;
  const quoted = escapedUpTo(excerpt, room);
  return `${head}\n<blockquote>${quoted}</blockquote>`;
}

/**
 * The card's buttons, signed for the chat it goes to: take (while nobody took it), note, reassign and close;
 * a closed ticket takes a note only (OTRS allows nothing else on it).
 */
export function otrsTicketCardKeyboard(
  params: TicketCardParams,
  chatId: number,
  signer: CallbackSigner,
  settings: Readonly<Record<string, SettingValue>>,
): { inline_keyboard: { text: string; callback_data: string }[][] } {
  const texts = TEXTS[chooseLanguage(null, settings)];
  const actions: TicketButtonAction[] = params.closed
    ? ['note']
    : params.locked
      ? ['note', 'reassign', 'close']
      : ['take', 'note', 'reassign', 'close'];
  const buttons = actions.map((action) => ({
    text: texts[action],
    callback_data: signer.sign(chatId, ticketButtonFields(action, params.ticketId)),
  }));
  // Two per row: four long labels side by side do not fit a phone's width.
  const rows: { text: string; callback_data: string }[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return { inline_keyboard: rows };
}
