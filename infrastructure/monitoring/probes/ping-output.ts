import type { ProbeResult } from '../../../application/ports/probe.ts';
import { down, up } from './probe-outcome.ts';

/** What a finished ping left behind. */
export interface PingExit {
  readonly exitCode: number | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly platform: 'windows' | 'unix';
  readonly timeoutMs: number;
}

/**
 * Up when ping exited 0 and its output shows a round-trip time: ping.exe also exits 0 when a router
 * answers "destination host unreachable", a line with no time. The latency is ping's own measurement.
 */
export function pingVerdict(exit: PingExit): ProbeResult {
  const timeMs = pingTimeMs(exit.stdout);
  if (exit.exitCode === 0 && timeMs !== null) return up(timeMs);
  if (exit.exitCode === 0) return down('no echo reply (the answer carried no round-trip time)');
  // iputils exits 1 for "no reply" and 2 for anything else (an unknown host), which it explains on stderr
  const complaint = exit.platform === 'unix' && exit.exitCode !== 1 ? pingComplaint(exit.stderr) : null;
  return down(
    complaint ?? `no echo reply within ${exit.timeoutMs} ms (ping exit code ${String(exit.exitCode)})`,
  );
}

/**
 * The round-trip time in ping's output, in milliseconds, or null when it shows none.
 *
 * Locale-independent: Windows words its output in the system language (`time<1ms`, `время=12мс`, `Zeit=3ms`)
 * and in the console's OEM code page (CP866 for Russian), so the bytes are read as Latin-1, one character a
 * byte, and the pattern keeps to what every language shares: `=` or `<`, the number, then the unit, `ms` or
 * a word of two to four non-ASCII bytes (`мс` in CP866, CP1251 or UTF-8). `bytes=32 time`, `байт=32 время`
 * and `TTL=128` are followed by longer words or none, so they never match.
 */
function pingTimeMs(output: Buffer): number | null {
  const text = output.toString('latin1');
  const match = /[=<]\s*(\d+(?:[.,]\d+)?)\s*(?:ms(?![a-z])|[\x80-\xff]{2,4}(?![\x80-\xff]))/i.exec(text);
  if (match?.[1] === undefined) return null;
  const ms = Number(match[1].replace(',', '.'));
  return Number.isFinite(ms) ? ms : null;
}

/** The first line of what iputils' ping complained of (an unknown host, no permission), or null. */
function pingComplaint(stderr: Buffer): string | null {
  const line = stderr
    .toString('utf8')
    .split(/\r?\n/)
    .map((part) => part.trim())
    .find((part) => part.length > 0);
  return line ?? null;
}
