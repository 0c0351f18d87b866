import type { EventMetadata } from '../../../domain/shared/index.ts';
import type { Checkpoint, EventStore } from '../../ports/index.ts';
import type { ServerGroupCommands } from '../server-group-commands.ts';
import type { ServerCommands } from '../server-commands.ts';
import { commitServerImport } from './commit-server-import.ts';
import type { ServerImportPlan } from './import-steps.ts';
import { loadMonitoringSnapshot } from './monitoring-snapshot.ts';
import { planServerImport } from './plan-server-import.ts';
import { readServerSheet } from './read-server-sheet.ts';
import type { ServerImportReport, ServerImportRowResult } from './server-import-report.ts';
import type { SheetGridReader } from './sheet-grid-reader.ts';

/** How many of each list a report shows; the counts always cover everything. */
const MAX_REPORT_ITEMS = 1000;

export interface ServerImportDeps {
  readonly store: EventStore;
  readonly reader: SheetGridReader;
  readonly servers: ServerCommands;
  readonly groups: ServerGroupCommands;
  /** `monitoring.checkIntervalSeconds`, read at each import. */
  readonly defaultIntervalSeconds: () => number;
}

export interface ServerImportRequest {
  readonly file: Uint8Array;
  /** Report what would change and write nothing. */
  readonly dryRun: boolean;
  /** Every event of the import carries it; its correlation id is the import id. */
  readonly metadata: EventMetadata;
  /** What the commands' idempotency keys start with (see `CommitInput.keyBase`); default `import:<id>`. */
  readonly keyBase?: string;
}

export interface ServerImportResult extends ServerImportReport {
  /** For read-your-writes: the checkpoint of the last append, `null` when nothing was written. */
  readonly checkpoint: Checkpoint | null;
}

const cut = <T>(items: readonly T[]) => items.slice(0, MAX_REPORT_ITEMS);

function notesOf(plan: ServerImportPlan, dryRun: boolean): string[] {
  const notes: string[] = [];
  if (dryRun) notes.push('Dry run: nothing was written.');
  if (plan.groupsToCreate.length > 0) {
    notes.push(
      `${plan.groupsToCreate.length} group(s) ${dryRun ? 'would be' : 'were'} created without an alert route: ` +
        'route each to a chat (PATCH /api/v1/monitoring/groups/{id} with alertRoute).',
    );
  }
  notes.push(
    `Servers that no row names (${plan.absent}) are left as they are: an import never removes a server.`,
  );
  return notes;
}

/**
 * Imports servers and groups from a sheet: reads it (bounded, off the event loop: the reader's business),
 * loads the servers and groups from the log, plans every row (`planServerImport`) and, unless it is a dry
 * run, commits the plan through the groups' and servers' commands (`commitServerImport`). Importing the
 * same sheet again changes nothing. Imports on one node run one at a time.
 */
export function makeServerImport(deps: ServerImportDeps) {
  let queue: Promise<unknown> = Promise.resolve();

  async function run(request: ServerImportRequest): Promise<ServerImportResult> {
    const sheet = readServerSheet(await deps.reader.read(request.file));
    const snapshot = await loadMonitoringSnapshot(deps.store);
    const plan = planServerImport({
      sheet,
      snapshot,
      defaultIntervalSeconds: deps.defaultIntervalSeconds(),
    });
    const importId = request.metadata.correlationId;
    const committed = request.dryRun
      ? null
      : await commitServerImport(deps, {
          plan,
          snapshot,
          metadata: request.metadata,
          keyBase: request.keyBase ?? `import:${importId}`,
        });
    const results: readonly ServerImportRowResult[] =
      committed?.rows ??
      plan.rows.map((row) => ({
        row: row.row,
        name: row.name,
        outcome: row.outcome,
        ...(row.serverId === undefined ? {} : { serverId: row.serverId }),
        ...(row.outcome === 'change' ? { changes: row.changes } : {}),
        ...(row.problems.length > 0 ? { problems: row.problems } : {}),
      }));
    const count = (outcome: string) => results.filter((row) => row.outcome === outcome).length;
    const listed = results.filter((row) => row.outcome !== 'unchanged');
    const groupsCreated =
      committed?.groupsCreated ?? plan.groupsToCreate.map(({ name, rows }) => ({ name, rows }));
    return {
      importId,
      dryRun: request.dryRun,
      sheet: { name: sheet.sheetName, headerRow: sheet.headerRow, columns: Object.keys(sheet.columns) },
      counts: {
        rows: sheet.rows.length,
        create: count('create'),
        change: count('change'),
        unchanged: count('unchanged'),
        errors: count('error'),
        skipped: sheet.skipped.length,
        groupsCreated: groupsCreated.length,
        absent: plan.absent,
      },
      rows: cut(listed),
      groupsCreated: cut(groupsCreated),
      skipped: cut(sheet.skipped),
      pushTokens: committed?.pushTokens ?? [],
      notes: notesOf(plan, request.dryRun),
      truncated: [listed, groupsCreated, sheet.skipped].some((list) => list.length > MAX_REPORT_ITEMS),
      checkpoint: committed?.checkpoint ?? null,
    };
  }

  return {
    /** Runs an import after the ones already running on this node. */
    run(request: ServerImportRequest): Promise<ServerImportResult> {
      const result = queue.then(() => run(request));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

export type ServerImport = ReturnType<typeof makeServerImport>;
