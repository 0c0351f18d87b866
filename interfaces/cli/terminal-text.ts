/**
 * Characters a terminal acts on rather than shows: C0 controls (ESC starts CSI/OSC sequences that clear the
 * screen, set the window title or write the clipboard; BEL, CR and backspace rewrite a line), DEL, C1 controls
 * (U+009B is a one-character CSI for some terminals), and the bidi embeddings, overrides and isolates that
 * reorder what follows them (a name could make the columns after it read backwards, "Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- matching control characters is what this file is for
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same, except the line breaks and tabs that a message of several lines is made of. */
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/**
 * A value from data (a name, a stream id, an error text) made safe to print on a terminal: every control and
 * bidi character is shown as an escape (`\x1b`, `\r`, `\u202e`) instead of acting. Not reversible (a backslash
 * stays as it is): this is for people to read, `--format json` is for programs.
 */
export function terminalText(value: string): string {
  return value.replace(UNSAFE, visible);
}

/** A message of several lines, made safe like `terminalText` but keeping its line breaks and tabs. */
export function terminalLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, visible);
}

/**
 * JSON text (which already escapes C0 controls inside strings) with the C1, DEL and bidi characters that
 * `JSON.stringify` leaves raw written as `\uXXXX` escapes: the same JSON to a parser, inert on a terminal.
 * Outside strings JSON holds none of these characters, so the text stays valid JSON.
 */
export function terminalJson(json: string): string {
  return json.replace(UNSAFE_IN_LINES, (char) => `\\u${hex(char.charCodeAt(0), 4)}`);
}
