import test from 'ava';
import { callbackSigner } from '../../../../interfaces/telegram/callback-data.ts';
import { translator } from '../../../../interfaces/telegram/i18n/index.ts';
import {
  PICKER_PAGE_SIZE,
  type ReassignTarget,
  parsePickerPress,
  pickerFields,
  pickerKeyboard,
} from '../../../../interfaces/telegram/otrs/reassign-picker.ts';

const signer = callbackSigner('test key');
const t_en = translator('en', {});
const CHAT = -1001234567890;
const queues = (n: number): ReassignTarget[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'queue', queueId: i + 1, name: `Queue ${i + 1}` }));

test('every choice round-trips through signed data within 64 bytes, at the largest ids', (t) => {
  const max = Number.MAX_SAFE_INTEGER;
  for (const choice of [
    { kind: 'agent', telegramUserId: max },
    { kind: 'queue', queueId: 2_147_483_647 },
    { kind: 'page', page: 12 },
  ] as const) {
    const data = signer.sign(CHAT, pickerFields(max, choice));
    t.true(Buffer.byteLength(data) <= 64, data);
    const fields = signer.verify(CHAT, data);
    t.deepEqual(fields && parsePickerPress(fields), { ticketId: max, choice });
  }
});

test('fields that are not the picker’s are refused', (t) => {
  for (const fields of [
    ['or', '12', 'x', '1'],
    ['or', '012', 'a', '1'],
    ['or', '12', 'a', '0'],
    ['or', '12', 'q', '-1'],
    ['or', '12', 'a'],
    ['ot', '12', 'a', '1'],
    ['or', '12', 'constructor', '1'],
    ['or', '12', 'p', '1', 'extra'],
  ]) {
    t.is(parsePickerPress(fields), null, fields.join(':'));
  }
});

test('targets are paged: one per row, Back and More where there are other pages, a stale page clamped', (t) => {
  const targets = queues(PICKER_PAGE_SIZE * 2 + 1);
  const first = pickerKeyboard(targets, 0, 7, CHAT, signer, t_en).inline_keyboard;
  t.is(first.length, PICKER_PAGE_SIZE + 1);
  t.deepEqual(
    first.at(-1)?.map((b) => b.text),
    ['More ▸'],
  );
  const middle = pickerKeyboard(targets, 1, 7, CHAT, signer, t_en).inline_keyboard;
  t.deepEqual(
    middle.at(-1)?.map((b) => b.text),
    ['◂ Back', 'More ▸'],
  );
  t.is(middle[0]?.[0]?.text, `📂 Queue ${PICKER_PAGE_SIZE + 1}`);
  const last = pickerKeyboard(targets, 99, 7, CHAT, signer, t_en).inline_keyboard;
  t.deepEqual(
    last.map((row) => row.map((b) => b.text)),
    [[`📂 Queue ${PICKER_PAGE_SIZE * 2 + 1}`], ['◂ Back']],
  );
  const more = last.at(-1)?.[0]?.callback_data ?? '';
  t.deepEqual(parsePickerPress(signer.verify(CHAT, more) ?? []), {
    ticketId: 7,
    choice: { kind: 'page', page: 1 },
  });
  const one = pickerKeyboard(queues(1), 0, 7, CHAT, signer, t_en).inline_keyboard;
  t.is(one.length, 1, 'one page: no page row');
  const long = pickerKeyboard(
    [{ kind: 'agent', telegramUserId: 5, login: 'x'.repeat(300) }],
    0,
    7,
    CHAT,
    signer,
    t_en,
  ).inline_keyboard;
  t.true([...(long[0]?.[0]?.text ?? '')].length <= 50);
});
