import type { EventReference, StreamPoint, StreamState } from '../../../application/audit/index.ts';
import { terminalJson, terminalText } from '../terminal-text.ts';
import { toJson } from './event-json.ts';

function describePoint(at: StreamPoint | null): string {
  if (!at) return 'now (every event of the stream)';
  return 'position' in at
    ? `position ${at.position} (the stream's events at positions up to ${at.position})`
    : `${at.time.toISOString()} (the stream's events that occurred up to then)`;
}

function describeEvent(event: EventReference): string {
  return (
    `position ${event.position}, revision ${event.revision}, ${event.type}, occurred ${event.occurredAt}, ` +
    `recorded ${event.recordedAt.toISOString()}, by ${event.actor}`
  );
}

/** `events state` for a person: what was folded, with what, from which events, then the state. */
export function renderStreamState(result: StreamState, at: StreamPoint | null): string {
  const { evolver } = result;
  const lines = [
    `stream      ${result.streamId}`,
    `as of       ${describePoint(at)}`,
    evolver.generic
      ? `evolver     GENERIC: ${evolver.description}`
      : `evolver     ${evolver.name}: ${evolver.description}`,
    `built from  ${result.eventCount} event${result.eventCount === 1 ? '' : 's'}`,
  ];
  if (result.firstEvent && result.eventCount > 1)
    lines.push(`first       ${describeEvent(result.firstEvent)}`);
  if (result.lastEvent) lines.push(`last        ${describeEvent(result.lastEvent)}`);
  else lines.push('            (the stream had no events yet at that point: this is its initial state)');
  // The stream id, descriptions and actors are data: escaped for the terminal, as is the state's JSON.
  return [...lines.map(terminalText), 'state', terminalJson(toJson(result.state, 2))].join('\n');
}

/** `events state --format json`: the same, as one object (positions as strings). */
export function stateJson(result: StreamState, at: StreamPoint | null): string {
  const point = at === null ? null : 'position' in at ? { position: at.position } : { time: at.time };
  const { streamId, ...rest } = result;
  return terminalJson(toJson({ streamId, at: point, ...rest }, 2));
}
