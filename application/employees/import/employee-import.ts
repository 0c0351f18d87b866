import { DomainError, type EventMetadata } from '../../../domain/shared/index.ts';
import {
  type Checkpoint,
  type EventStore,
  type IdGenerator,
  type StreamAppend,
  WrongExpectedRevisionError,
} from '../../ports/index.ts';
import type { EmployeeSheetReadOptions, EmployeeSheetReader, HeaderAliases } from '../employee-sheet.ts';
import { loadEmployeesSnapshot } from './employees-snapshot.ts';
import type { ImportReport } from './import-report.ts';
import { planImport } from './plan-import.ts';
import { streamWorkspace } from './stream-workspace.ts';

/** How many of each list a report shows; the counts always cover everything. */
export const MAX_REPORT_ITEMS = 1000;
/** Streams per append: each chunk is one transaction; a whole 100,000-row import is about 200 of them. */
const STREAMS_PER_APPEND = 1000;

export interface EmployeeImportDeps {
  readonly store: EventStore;
  readonly reader: EmployeeSheetReader;
  readonly ids: IdGenerator;
  /** Header names to add to the defaults, read at each import (the `directory.importHeaders` setting). */
  readonly headerAliases?: () => Partial<HeaderAliases>;
}

export interface ImportRequest {
  readonly file: Uint8Array;
  /** Report what would change and write nothing. */
  readonly dryRun: boolean;
  /** Every event of the import carries it: one correlation id (the import id) for the whole import. */
  readonly metadata: EventMetadata;
  readonly sheet?: EmployeeSheetReadOptions;
  /** Called as the appends go: streams written so far, of all. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ImportResult extends ImportReport {
  /** For read-your-writes: the checkpoint of the last append, `null` when nothing was written. */
  readonly checkpoint: Checkpoint | null;
}

const cut = <T>(items: readonly T[]) => items.slice(0, MAX_REPORT_ITEMS);

const KIND_ORDER = ['department-', 'employee-', 'workstation-hostname-', 'workstation-'];
const kindOf = (streamId: string) => KIND_ORDER.findIndex((prefix) => streamId.startsWith(prefix));

/**
 * Departments, then employees, then host name claims, then workstations: what an event refers to comes first,
 * and the projector gets long runs of one event type, which it writes as multi-row statements (interleaved, an
 * import of 100,000 people projected at a tenth of the speed). Stable: a kind keeps the sheet's order.
 */
function byKind(appends: StreamAppend[]): StreamAppend[] {
  return appends
    .map((append, index) => ({ append, index, kind: kindOf(append.streamId) }))
    .sort((a, b) => a.kind - b.kind || a.index - b.index)
    .map(({ append }) => append);
}

/**
 * Imports an employee workbook: reads it (bounded, off the event loop: the reader's business), loads the
 * employees' streams, plans every row (see `planImport`), and unless it is a dry run appends the changes, several
 * streams per transaction. Re-importing the same file appends nothing. Imports on one node run one at a time;
 * one racing on another node, or any write to a stream the import changes, fails it with
 * `IMPORT.CONFLICT`: the chunks written before stay (each is whole), and running the import again finishes it.
 */
export function makeEmployeeImport(deps: EmployeeImportDeps) {
  let queue: Promise<unknown> = Promise.resolve();

  async function run(request: ImportRequest): Promise<ImportResult> {
    const headerAliases = { ...deps.headerAliases?.(), ...request.sheet?.headerAliases };
    const sheet = await deps.reader.read(request.file, { ...request.sheet, headerAliases });
    const workspace = streamWorkspace();
    const ids = await loadEmployeesSnapshot(deps.store, workspace);
    const plan = planImport({
      sheet,
      workspace,
      ids,
      newId: () => deps.ids.newId(),
      metadata: request.metadata,
    });
    const appends = byKind(workspace.appends(request.metadata));
    let checkpoint: Checkpoint | null = null;
    if (!request.dryRun) {
      for (let i = 0; i < appends.length; i += STREAMS_PER_APPEND) {
        try {
          const result = await deps.store.appendMany(appends.slice(i, i + STREAMS_PER_APPEND));
          checkpoint = result.checkpoint ?? checkpoint;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          throw new DomainError(
            'IMPORT.CONFLICT',
            `The directory changed during the import (${error.streamId}); ${i} of ${appends.length} changes ` +
              'were written. Run the import again to finish it.',
            { written: i, total: appends.length },
          );
        }
        request.onProgress?.(Math.min(i + STREAMS_PER_APPEND, appends.length), appends.length);
      }
    }
    const count = (outcome: string) => plan.results.filter((r) => r.outcome === outcome).length;
    const changedRows = plan.results.filter((r) => r.outcome !== 'unchanged');
    return {
      importId: request.metadata.correlationId,
      dryRun: request.dryRun,
      sheet: { name: sheet.sheetName, headerRow: sheet.headerRow, columns: Object.keys(sheet.columns) },
      counts: {
        rows: sheet.rows.length,
        new: count('new'),
        changed: count('changed'),
        unchanged: count('unchanged'),
        ambiguous: count('ambiguous'),
        errors: count('error'),
        missing: plan.missing.length,
        skipped: sheet.skipped.length,
        departmentsCreated: plan.departmentsCreated.length,
        events: appends.reduce((n, a) => n + a.events.length, 0),
      },
      rows: cut(changedRows),
      issues: cut(sheet.issues),
      missing: cut(plan.missing),
      skipped: cut(sheet.skipped),
      departmentsCreated: cut(plan.departmentsCreated),
      namesakes: cut(plan.namesakes),
      warnings: cut(plan.warnings),
      truncated: [changedRows, sheet.issues, plan.missing, sheet.skipped, plan.departmentsCreated].some(
        (list) => list.length > MAX_REPORT_ITEMS,
      ),
      checkpoint,
    };
  }

  return {
    /** Runs an import after the ones already running on this node. */
    run(request: ImportRequest): Promise<ImportResult> {
      const result = queue.then(() => run(request));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

export type EmployeeImport = ReturnType<typeof makeEmployeeImport>;
