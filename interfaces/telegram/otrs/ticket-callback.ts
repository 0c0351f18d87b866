/**
 * The buttons of an OTRS ticket card: `ot:<action>:<TicketID>:<mac>` (see `callbackSigner`). The card's
 * renderer signs them for the chat it goes to; the actions feature verifies and parses them. One letter per
 * action keeps the data far under Telegram's 64 bytes whatever the ticket id.
 */
export const OTRS_TICKET_CALLBACK = 'ot';

export const TICKET_BUTTON_ACTIONS = { t: 'take', n: 'note', r: 'reassign', c: 'close' } as const;

export type TicketButtonLetter = keyof typeof TICKET_BUTTON_ACTIONS;
export type TicketButtonAction = (typeof TICKET_BUTTON_ACTIONS)[TicketButtonLetter];

export const ticketButtonFields = (action: TicketButtonAction, ticketId: number): (string | number)[] => [
  OTRS_TICKET_CALLBACK,
  action[0] as string,
  ticketId,
];

/** The action and ticket of a verified press's fields; `null` when they are not a ticket button's. */
export function parseTicketButton(
  fields: readonly string[],
): { readonly action: TicketButtonAction; readonly ticketId: number } | null {
  const [prefix, letter, id] = fields;
  if (prefix !== OTRS_TICKET_CALLBACK || fields.length !== 3 || letter === undefined || id === undefined)
    return null;
  if (!Object.hasOwn(TICKET_BUTTON_ACTIONS, letter) || !/^[1-9][0-9]{0,15}$/.test(id)) return null;
  const ticketId = Number(id);
  if (!Number.isSafeInteger(ticketId)) return null;
  return { action: TICKET_BUTTON_ACTIONS[letter as TicketButtonLetter], ticketId };
}
