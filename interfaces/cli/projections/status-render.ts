import type { Projector } from '../../../projections/index.ts';
import { terminalText } from '../terminal-text.ts';
import {
  type LeaseView,
  OUTBOX_COUNT_CAP,
  type ProjectionStatusView,
  type StatusReport,
} from './status-report.ts';

/**
 * Left-aligned columns two spaces apart, numbers right-aligned. Cells are escaped for the terminal before they
 * are measured (owners, holders and names come from the database and Redis).
 */
export function renderTable(headers: readonly string[], cells: readonly (readonly string[])[]): string {
  const rows = cells.map((row) => row.map(terminalText));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((row) => /^-?[\d.]+$|^-$/.test(row[i] ?? '')),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

const dash = (value: number | string | null) => (value === null ? '-' : String(value));

function stateText(view: ProjectionStatusView): string {
  const text = baseStateText(view);
  return view.heldBack > 0 ? `${text} (held back)` : text;
}

function baseStateText(view: ProjectionStatusView): string {
  switch (view.state) {
    case 'rebuilding':
      return `rebuilding since ${view.rebuildingSince ?? '?'}`;
    case 'rebuild due':
      return `rebuild due (built v${view.builtVersion ?? '?'}, code v${view.version})`;
    case 'running':
    case 'parked':
    case 'not started':
      return view.state;
  }
}

function leaseText(lease: LeaseView): string {
  switch (lease.kind) {
    case 'in-process':
      return 'in-process';
    case 'unavailable':
      return 'unknown (Redis unavailable)';
    case 'redis':
      if (lease.holder === null) return 'free';
      return `${lease.node ?? lease.holder} ${lease.expiresInMs === null ? 'no expiry' : `${(lease.expiresInMs / 1000).toFixed(1)}s`}`;
  }
}

/**
 * The status table, then a line per parked or held-back projection, then the appender holding the read horizon
 * and the oldest open transaction.
 */
export function renderStatus(report: StatusReport): string {
  const lines: string[] = [];
  lines.push(
    report.head
      ? `log head: position ${report.head.position} (${report.head.checkpoint})`
      : 'log head: the log is empty',
  );
  lines.push('');
  lines.push(
    renderTable(
      ['PROJECTION', 'VERSION', 'STATE', 'CHECKPOINT', 'HEAD', 'LAG', 'OWNER', 'LEASE', 'EVENTS/S'],
      report.projections.map((view) => [
        view.name,
        String(view.version),
        stateText(view),
        dash(view.position),
        dash(view.headPosition),
        view.lagAtLeast ? `>=${view.lag}` : String(view.lag),
        view.owner ?? '-',
        leaseText(view.lease),
        view.eventsPerSecond === null ? '-' : String(view.eventsPerSecond),
      ]),
    ),
  );
  const counted = (n: number) => (n >= OUTBOX_COUNT_CAP ? `>=${n}` : String(n));
  lines.push(
    '',
    `notification outbox: ${counted(report.outbox.pending)} pending, ` +
      `${counted(report.outbox.undeliverable)} undeliverable`,
  );
  const notes: string[] = [];
  for (const view of report.projections) {
    if (view.parked) {
      notes.push(
        `${view.name} is parked on event ${view.parked.position} (${view.parked.eventType}) since ${view.parked.at}: ${view.parked.error}`,
        `  tbot projections retry ${view.name}   or   tbot projections skip ${view.name} --position ${view.parked.position}`,
      );
    }
    if (view.heldBack > 0) {
      const by = report.horizonHolder ? ` (pid ${report.horizonHolder.pid ?? 'prepared'})` : '';
      notes.push(
        `${view.name}: ${view.heldBack} committed event(s) wait behind an open appender${by}: the read horizon`,
      );
    }
    if (view.lease.kind === 'unavailable') notes.push(`${view.name}: lease unknown: ${view.lease.error}`);
  }
  const holder = report.horizonHolder;
  if (holder) {
    notes.push(
      `read horizon held by an open appender: pid ${holder.pid ?? '- (prepared)'}, xid ${holder.xid}, ` +
        `application "${holder.applicationName}", ${holder.state ?? 'unknown state'}, ` +
        `open for ${holder.ageSeconds.toFixed(1)} s`,
    );
  }
  const oldest = report.oldestTransaction;
  if (oldest) {
    const holds = oldest.xid ? `xid ${oldest.xid}` : `snapshot xmin ${oldest.xmin ?? '?'}`;
    notes.push(
      `oldest open transaction (holds back vacuum, not the log's readers): pid ${oldest.pid}, ` +
        `application "${oldest.applicationName}", ${oldest.state ?? 'unknown state'}, started ${oldest.startedAt}, ` +
        `${holds}, query: ${JSON.stringify(oldest.query)}`,
    );
  }
  // Error texts, application names and queries are data: each note is escaped for the terminal.
  if (notes.length > 0) lines.push('', ...notes.map(terminalText));
  return lines.join('\n');
}

export interface ListedProjector {
  readonly name: string;
  readonly version: number;
  readonly eventTypes: readonly string[] | 'all';
  readonly tables: readonly string[];
  readonly started: boolean;
}

export function listView(projectors: readonly Projector[], started: ReadonlySet<string>): ListedProjector[] {
  return projectors.map((p) => ({
    name: p.name,
    version: p.version,
    eventTypes: p.eventTypes.length > 0 ? p.eventTypes : 'all',
    tables: p.tables.map((table) => `${p.schema}.${table}`),
    started: started.has(p.name),
  }));
}

export function renderList(listed: readonly ListedProjector[]): string {
  return renderTable(
    ['PROJECTION', 'VERSION', 'EVENTS', 'TABLES', 'CHECKPOINT'],
    listed.map((p) => [
      p.name,
      String(p.version),
      p.eventTypes === 'all' ? 'all' : p.eventTypes.join(','),
      p.tables.join(','),
      p.started ? 'yes' : 'not started',
    ]),
  );
}
