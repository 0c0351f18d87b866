import { InlineKeyboard } from 'grammy';
import type { EmployeeSearch } from '../../../application/employees/search/index.ts';
import type { CallbackSigner } from '../callback-data.ts';
import type { Translate } from '../i18n/index.ts';
import { employeeCard } from './employee-card.ts';

/** Prefix of the pagination buttons: `p:<id of the /find message>:<offset>`. */
export const PAGE_CALLBACK = 'p';

export interface FindPage {
  readonly text: string;
  readonly keyboard: InlineKeyboard | undefined;
  /** False when the page is past the results (a stale "more" after the employees changed). */
  readonly found: boolean;
}

export interface FindPageRequest {
  readonly query: string;
  readonly offset: number;
  readonly pageSize: number;
  /** The chat and the user's `/find` message: the buttons point back at it, the query stays in the log. */
  readonly chatId: number;
  readonly sourceMessageId: number;
}

/**
 * One page of `/find`: a card per employee, best match first, with "back" and "more" buttons. One extra
 * result is fetched to know whether there is a next page.
 */
export async function findPage(
  search: EmployeeSearch,
  signer: CallbackSigner,
  t: Translate,
  request: FindPageRequest,
): Promise<FindPage> {
  const { query, offset, pageSize, chatId, sourceMessageId } = request;
  const hits = await search.search(query, { limit: pageSize + 1, offset });
  const shown = hits.slice(0, pageSize);
  if (shown.length === 0) return { text: t('findNothing', { query }), keyboard: undefined, found: false };
  const header = t('findHeader', { query, from: offset + 1, to: offset + shown.length });
  const cards = shown.map((hit) => employeeCard(hit.employee, t));
  const button = (label: string, to: number) =>
    [label, signer.sign(chatId, [PAGE_CALLBACK, sourceMessageId, to])] as const;
  const keyboard = new InlineKeyboard();
  if (offset > 0) keyboard.text(...button(t('back'), Math.max(0, offset - pageSize)));
  if (hits.length > pageSize) keyboard.text(...button(t('more'), offset + pageSize));
  return {
    text: [header, ...cards].join('\n\n'),
    keyboard: offset > 0 || hits.length > pageSize ? keyboard : undefined,
    found: true,
  };
}
