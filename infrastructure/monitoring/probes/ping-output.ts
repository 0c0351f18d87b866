/**
 * The round-trip time in ping's output, in milliseconds, or null when it shows none.
 *
 * Locale-independent: Windows words its output in the system language (`time<1ms`, `время=12мс`, `Zeit=3ms`)
 * and in the console's OEM code page (CP866 for Russian), so the bytes are read as Latin-1, one character a
 * byte, and the pattern keeps to what every language shares: `=` or `<`, the number, then the unit, `ms` or
 * two to four non-ASCII bytes (`мс` in CP866, CP1251 or UTF-8). `bytes=32 ` and `TTL=128` have no unit
 * right after the number, so they never match.
 */
export function pingTimeMs(output: Buffer): number | null {
  const text = output.toString('latin1');
  const match = /[=<]\s*(\d+(?:[.,]\d+)?)\s*(?:ms|[\x80-\xff]{2,4})(?![A-Za-z])/i.exec(text);
  if (match?.[1] === undefined) return null;
  const ms = Number(match[1].replace(',', '.'));
  return Number.isFinite(ms) ? ms : null;
}

/** The first line of what iputils' ping complained of (an unknown host, no permission), or null. */
export function pingComplaint(stderr: Buffer): string | null {
  const line = stderr
    .toString('utf8')
    .split(/\r?\n/)
    .map((part) => part.trim())
    .find((part) => part.length > 0);
  return line ?? null;
}
