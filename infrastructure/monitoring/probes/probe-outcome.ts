import type { ProbeResult } from '../../../application/ports/probe.ts';
import { blankControlCharacters } from '../../../domain/shared/plain-text.ts';

/** Messages end up in alerts and the history: one short line, whatever the target sent. */
const MAX_MESSAGE_CHARS = 200;

export function up(latencyMs: number, message: string | null = null): ProbeResult {
  return { status: 'up', latencyMs: roundMs(latencyMs), message: message === null ? null : oneLine(message) };
}

/** `latencyMs` null when nothing answered (timeout, refused, unreachable). */
export function down(message: string, latencyMs: number | null = null): ProbeResult {
  return {
    status: 'down',
    latencyMs: latencyMs === null ? null : roundMs(latencyMs),
    message: oneLine(message),
  };
}

/** Milliseconds since `startedAt` (a `performance.now()` reading). */
export function elapsedSince(startedAt: number): number {
  return performance.now() - startedAt;
}

/**
 * Text from a target (a body, a server's error, ping's output) made safe to show: the project's control
 * characters (C0, C1, U+2028/U+2029, lone surrogates) blanked, format characters (bidi overrides such as
 * U+202E, which would reverse what `/server` shows) dropped, one line, at most `maxChars` code points: the cut
 * never leaves half a surrogate pair.
 */
export function oneLine(text: string, maxChars = MAX_MESSAGE_CHARS): string {
  const flat = blankControlCharacters(text.replace(/\p{Cf}+/gu, ''))
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length <= maxChars ? flat : `${chars.slice(0, maxChars - 1).join('')}…`;
}

function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
