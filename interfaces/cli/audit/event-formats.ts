import type { RecordedEvent } from '../../../application/ports/index.ts';
import { terminalJson, terminalText } from '../terminal-text.ts';
import { eventJson, toJson } from './event-json.ts';

export const LIST_FORMATS = ['table', 'json', 'ndjson'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** Turns pages of events into text as they come: nothing waits for the whole result. */
export interface EventFormatter {
  page(events: readonly RecordedEvent[]): string;
  /** What closes the output (`]` for json); `count` is how many events were printed. */
  end(count: number): string;
}

const COLUMNS = ['POSITION', 'OCCURRED AT', 'STREAM', 'TYPE', 'ACTOR', 'CORRELATION'] as const;

/** A row's cells, escaped for the terminal before they are measured: stream ids and actors are data. */
function row(event: RecordedEvent): string[] {
  const { actor, correlationId, occurredAt } = event.metadata;
  const cells = [
    String(event.position),
    occurredAt,
    event.streamId,
    event.type,
    `${actor.kind}:${actor.id}`,
    correlationId.slice(0, 8),
  ];
  return cells.map(terminalText);
}

/**
 * Aligned columns, header with the first page. Widths come from the rows seen so far: a later, wider value
 * widens the rows after it rather than holding the output back until the end.
 */
function tableFormatter(): EventFormatter {
  const widths: number[] = COLUMNS.map((title) => title.length);
  let headed = false;
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd() + '\n';
  return {
    page(events) {
      const rows = events.map(row);
      for (const cells of rows)
        cells.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
      const header = headed || rows.length === 0 ? '' : line(COLUMNS);
      headed ||= rows.length > 0;
      return header + rows.map(line).join('');
    },
    end: () => '',
  };
}

/** One JSON array, written element by element. */
function jsonFormatter(): EventFormatter {
  let first = true;
  return {
    page(events) {
      let text = '';
      for (const event of events) {
        text += `${first ? '[\n' : ',\n'}${terminalJson(toJson(eventJson(event)))}`;
        first = false;
      }
      return text;
    },
    end: () => (first ? '[]\n' : '\n]\n'),
  };
}

function ndjsonFormatter(): EventFormatter {
  return {
    page: (events) => events.map((event) => `${terminalJson(toJson(eventJson(event)))}\n`).join(''),
    end: () => '',
  };
}

export function eventFormatter(format: ListFormat): EventFormatter {
  switch (format) {
    case 'table':
      return tableFormatter();
    case 'json':
      return jsonFormatter();
    case 'ndjson':
      return ndjsonFormatter();
  }
}
