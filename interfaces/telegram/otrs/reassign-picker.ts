import type { CallbackSigner } from '../callback-data.ts';
import type { Translate } from '../i18n/index.ts';

/**
 * The reassign picker's buttons: `or:<TicketID>:<a|q|p>:<id>:<mac>`, an agent by Telegram user id, a queue by
 * its OTRS QueueID, or a page of the picker. Ids, never names: a login or a queue name may be long or hold `:`,
 * and Telegram caps the data at 64 bytes (this is at most 51).
 */
export const OTRS_REASSIGN_CALLBACK = 'or';

/** Targets on one page of the picker: with the page row, a keyboard that fits a phone's screen. */
export const PICKER_PAGE_SIZE = 8;
/** Targets read for the picker at most (agents and queues each): the pages stay few, the reads bounded. */
export const MAX_PICKER_TARGETS = 100;
/** A button label's characters at most (Telegram cuts long ones anyway; a queue path can be long). */
const MAX_LABEL = 48;

export type ReassignTarget =
  | { readonly kind: 'agent'; readonly telegramUserId: number; readonly login: string }
  | { readonly kind: 'queue'; readonly queueId: number; readonly name: string };

export type PickerChoice =
  | { readonly kind: 'agent'; readonly telegramUserId: number }
  | { readonly kind: 'queue'; readonly queueId: number }
  | { readonly kind: 'page'; readonly page: number };

const LETTERS = { a: 'agent', q: 'queue', p: 'page' } as const;
type Letter = keyof typeof LETTERS;

const valueOf = (choice: PickerChoice): number =>
  choice.kind === 'agent' ? choice.telegramUserId : choice.kind === 'queue' ? choice.queueId : choice.page;

export const pickerFields = (ticketId: number, choice: PickerChoice): (string | number)[] => [
  OTRS_REASSIGN_CALLBACK,
  ticketId,
  choice.kind[0] as string,
  valueOf(choice),
];

/** The ticket and choice of a verified press's fields; `null` when they are not the picker's. */
export function parsePickerPress(
  fields: readonly string[],
): { readonly ticketId: number; readonly choice: PickerChoice } | null {
  const [prefix, id, letter, value] = fields;
  if (prefix !== OTRS_REASSIGN_CALLBACK || fields.length !== 4 || letter === undefined) return null;
  if (!Object.hasOwn(LETTERS, letter)) return null;
  if (id === undefined || !/^[1-9]\d{0,15}$/.test(id) || value === undefined || !/^\d{1,16}$/.test(value))
    return null;
  const ticketId = Number(id);
  const n = Number(value);
  if (!Number.isSafeInteger(ticketId) || !Number.isSafeInteger(n)) return null;
  const kind = LETTERS[letter as Letter];
  if (kind === 'page') return { ticketId, choice: { kind, page: n } };
  if (n === 0) return null;
  return { ticketId, choice: kind === 'agent' ? { kind, telegramUserId: n } : { kind, queueId: n } };
}

const cut = (text: string) => {
  const chars = [...text];
  return chars.length <= MAX_LABEL ? text : `${chars.slice(0, MAX_LABEL - 1).join('')}…`;
};

const label = (target: ReassignTarget) =>
  target.kind === 'agent' ? `👤 ${cut(target.login)}` : `📂 ${cut(target.name)}`;

const choiceOf = (target: ReassignTarget): PickerChoice =>
  target.kind === 'agent'
    ? { kind: 'agent', telegramUserId: target.telegramUserId }
    : { kind: 'queue', queueId: target.queueId };

export type PickerKeyboard = { inline_keyboard: { text: string; callback_data: string }[][] };

/** The pages `targets` fill (at least one). */
export const pickerPages = (targets: readonly ReassignTarget[]): number =>
  Math.max(1, Math.ceil(targets.length / PICKER_PAGE_SIZE));

/**
 * Page `page` of the picker (clamped to the pages there are: the targets may have changed since the page
 * button was sent), one target per row, then "◂ Back" / "More ▸" where there are more pages; signed for `chatId`.
 */
export function pickerKeyboard(
  targets: readonly ReassignTarget[],
  page: number,
  ticketId: number,
  chatId: number,
  signer: CallbackSigner,
  t: Translate,
): PickerKeyboard {
  const pages = pickerPages(targets);
  const current = Math.min(Math.max(page, 0), pages - 1);
  const start = current * PICKER_PAGE_SIZE;
  const rows = targets
    .slice(start, start + PICKER_PAGE_SIZE)
    .map((target) => [
      { text: label(target), callback_data: signer.sign(chatId, pickerFields(ticketId, choiceOf(target))) },
    ]);
  const nav: { text: string; callback_data: string }[] = [];
  const pageButton = (text: string, to: number) => ({
    text,
    callback_data: signer.sign(chatId, pickerFields(ticketId, { kind: 'page', page: to })),
  });
  if (current > 0) nav.push(pageButton(t('otrsPickPrevious'), current - 1));
  if (current < pages - 1) nav.push(pageButton(t('otrsPickNext'), current + 1));
  if (nav.length > 0) rows.push(nav);
  return { inline_keyboard: rows };
}
