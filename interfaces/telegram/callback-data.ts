import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Callback data of TBot's buttons: `<fields separated by :>:<mac>`, the MAC an HMAC-SHA256 over the fields and
 * the chat the button was sent to, cut to 12 base64url characters. Telegram caps callback data at 64 bytes;
 * a client can send any bytes, so every press is verified before anything is parsed from it.
 */
export interface CallbackSigner {
  sign(chatId: number, fields: readonly (string | number)[]): string;
  /** The fields of genuine data; `null` for anything forged, truncated, or sent from another chat. */
  verify(chatId: number, data: string): string[] | null;
}

const MAC_LENGTH = 12;
const MAX_BYTES = 64;

export function callbackSigner(key: string): CallbackSigner {
  const mac = (chatId: number, body: string) =>
    createHmac('sha256', key).update(`${chatId}|${body}`).digest('base64url').slice(0, MAC_LENGTH);
  return {
    sign(chatId, fields) {
      const body = fields.join(':');
      const data = `${body}:${mac(chatId, body)}`;
      if (Buffer.byteLength(data) > MAX_BYTES)
        throw new RangeError(`callback data over ${MAX_BYTES} bytes: ${body}`);
      return data;
    },
    verify(chatId, data) {
      if (Buffer.byteLength(data) > MAX_BYTES) return null;
      const cut = data.lastIndexOf(':');
      if (cut <= 0) return null;
      const body = data.slice(0, cut);
      const given = Buffer.from(data.slice(cut + 1));
      const expected = Buffer.from(mac(chatId, body));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return body.split(':');
    },
  };
}

/** The callback key of a bot token: the same on every node (all hold the token) and secret to users. */
export const callbackKeyOf = (token: string): string =>
  createHmac('sha256', token).update('tbot telegram callback data').digest('base64url');
