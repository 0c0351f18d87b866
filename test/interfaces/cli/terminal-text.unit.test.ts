import test from 'ava';
import { terminalJson, terminalLines, terminalText } from '../../../interfaces/cli/terminal-text.ts';

/** Every character a terminal would act on (C0, DEL, C1) or that reorders text (bidi controls). */
// eslint-disable-next-line no-control-regex -- the characters under test
const ACTING = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('shows an OSC title sequence and a screen clear as escapes, not as what they do', (t) => {
  const name = 'Ivan\u001b]0;pwned\u0007 Petrov\u001b[2J';
  t.is(terminalText(name), 'Ivan\\x1b]0;pwned\\x07 Petrov\\x1b[2J');
});

test('escapes every C0 and C1 control, DEL, and the bidi overrides and isolates', (t) => {
  const acting = [
    ...Array.from({ length: 0x20 }, (_, i) => i),
    0x7f,
    ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
    ...[0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069],
  ].map((code) => String.fromCharCode(code));
  for (const char of acting) {
    const shown = terminalText(`a${char}b`);
    t.false(ACTING.test(shown), `U+${char.charCodeAt(0).toString(16)} shown as ${shown}`);
    t.regex(shown, /^a\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])b$/);
  }
  t.is(terminalText('\r\n\t\u202e\u009b'), '\\r\\n\\t\\u202e\\x9b');
});

test('leaves printable text as it is: Cyrillic, accents, emoji, backslashes', (t) => {
  const text = 'Иванов Ёжик café 😀 C:\\Users «ok» \u00a0';
  t.is(terminalText(text), text);
  t.is(
    terminalText(terminalText('x\u001by')),
    terminalText('x\u001by'),
    'escaping twice changes nothing more',
  );
});

test('a message of several lines keeps its line breaks and tabs, and escapes the rest', (t) => {
  t.is(
    terminalLines('Invalid:\n  - NAME:\t"\u001b[31mred\u001b[0m"\r'),
    'Invalid:\n  - NAME:\t"\\x1b[31mred\\x1b[0m"\\r',
  );
});

test('JSON stays the same JSON to a parser, with nothing left that acts on a terminal', (t) => {
  const value = { name: 'a\u001b]0;x\u0007\u009b2J\u202eb\u007f', list: ['\u2066', 'plain'] };
  const json = terminalJson(JSON.stringify(value, null, 2));
  t.false(ACTING.test(json.replace(/\n/g, '')));
  t.deepEqual(JSON.parse(json), value);
});
