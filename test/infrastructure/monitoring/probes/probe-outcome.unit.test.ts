import test from 'ava';
import { down, oneLine, up } from '../../../../infrastructure/monitoring/probes/probe-outcome.ts';

test('control characters, line and paragraph separators become one space', (t) => {
  t.is(oneLine('a\u0000b\r\n\tc\u001b[31md\u0085e\u2028f\u2029g'), 'a b c [31md e f g');
});

test('bidi overrides and other format characters are dropped', (t) => {
  t.is(oneLine('error \u202Egnp.exe\u202C done'), 'error gnp.exe done');
  t.is(oneLine('\u2066isolated\u2069 \u200Fmark\u200E'), 'isolated mark');
});

test('a lone surrogate is blanked', (t) => {
  t.is(oneLine('x\uD800y\uDFFFz'), 'x y z');
});

test('the cut is on a code point: an emoji at the limit is kept whole or not at all', (t) => {
  const cut = oneLine(`${'a'.repeat(8)}😀😀😀`, 10);
  t.is(cut, `${'a'.repeat(8)}😀…`);
  t.is([...cut].length, 10);
  t.false(/\p{Cs}/u.test(cut));
  t.is(oneLine('short', 10), 'short');
});

test('every result message goes through it', (t) => {
  t.is(down('bad\u202Etxet\u2028next').message, 'badtxet next');
  t.is(up(1, 'warn\u2029ing').message, 'warn ing');
});
