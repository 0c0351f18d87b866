import test from 'ava';
import { callbackSigner } from '../../../interfaces/telegram/callback-data.ts';

const signer = callbackSigner('test-key');

test('genuine data comes back as its fields', (t) => {
  const data = signer.sign(2002, ['p', 17, 5]);
  t.deepEqual(signer.verify(2002, data), ['p', '17', '5']);
});

test('a changed field, another chat, another key or garbage is refused', (t) => {
  const data = signer.sign(2002, ['p', 17, 5]);
  t.is(signer.verify(2002, data.replace(':5:', ':6:')), null);
  t.is(signer.verify(1001, data), null);
  t.is(callbackSigner('other-key').verify(2002, data), null);
  for (const garbage of ['', ':', 'p', 'p:17:5', 'p:17:5:', `${data}x`, 'x'.repeat(65)]) {
    t.is(signer.verify(2002, garbage), null, garbage);
  }
});

test('data never exceeds Telegram’s 64 bytes', (t) => {
  t.true(Buffer.byteLength(signer.sign(-1001234567890, ['acc', 'y', 999999999999999, 'v'])) <= 64);
  t.throws(() => signer.sign(1, ['x'.repeat(60)]), { instanceOf: RangeError });
});
