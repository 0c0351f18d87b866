import test from 'ava';
import { callbackSigner } from '../../../../interfaces/telegram/callback-data.ts';
import {
  parseTicketButton,
  ticketButtonFields,
} from '../../../../interfaces/telegram/otrs/ticket-callback.ts';

const signer = callbackSigner('test key');

test('every action of a ticket card round-trips through signed callback data within 64 bytes', (t) => {
  for (const action of ['take', 'note', 'reassign', 'close'] as const) {
    const data = signer.sign(-1001234567890, ticketButtonFields(action, Number.MAX_SAFE_INTEGER));
    t.true(Buffer.byteLength(data) <= 64);
    const fields = signer.verify(-1001234567890, data);
    t.deepEqual(fields && parseTicketButton(fields), { action, ticketId: Number.MAX_SAFE_INTEGER });
  }
});

test('fields that are not a ticket button are refused', (t) => {
  for (const fields of [
    ['ot', 'x', '12'],
    ['ot', 't', '012'],
    ['ot', 't', '0'],
    ['ot', 't', '99999999999999999'],
    ['ot', 't'],
    ['ot', 't', '12', 'extra'],
    ['ma', 't', '12'],
    ['ot', 'constructor', '12'],
  ]) {
    t.is(parseTicketButton(fields), null, fields.join(':'));
  }
});
