import type { ProbeResult } from '../../../application/ports/probe.ts';

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

/** Text from a target (a body, a server's error, ping's output) made safe to show: no control characters, bounded. */
export function oneLine(text: string, maxChars = MAX_MESSAGE_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars - 1)}…`;
}

function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
