import type { ServerImportReport } from '../../../application/monitoring/import/index.ts';
import { terminalText } from '../terminal-text.ts';

const LISTED = 50;

/**
 * The servers import report for a person at a terminal: the counts, then the refused rows (row, column,
 * why), the changes, the new groups and the push tokens made. Names and cells come from the sheet: each
 * line is escaped for the terminal.
 */
export function renderServerImportReport(report: ServerImportReport): string {
  const c = report.counts;
  const lines = [
    `${report.dryRun ? 'Dry run (nothing written)' : 'Imported'}: sheet "${report.sheet.name}", header on row ${report.sheet.headerRow}`,
    `  rows ${c.rows}: create ${c.create}, change ${c.change}, unchanged ${c.unchanged}, errors ${c.errors}`,
    `  skipped rows ${c.skipped}, groups created ${c.groupsCreated}, servers not in the sheet ${c.absent} (left as they are)`,
    `  import ${report.importId}`,
  ];
  const section = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`);
    lines.push(...items.slice(0, LISTED).map((item) => `  ${item}`));
    if (items.length > LISTED) lines.push(`  ... ${items.length - LISTED} more (--format json lists them)`);
  };
  section(
    'Refused rows',
    report.rows.flatMap((r) =>
      (r.problems ?? []).map(
        (p) => `row ${r.row}${r.name === '' ? '' : ` ${r.name}`}, ${p.field}: ${p.message}`,
      ),
    ),
  );
  section(
    report.dryRun ? 'To create' : 'Created',
    report.rows.filter((r) => r.outcome === 'create').map((r) => `row ${r.row} ${r.name}`),
  );
  section(
    report.dryRun ? 'To change' : 'Changed',
    report.rows
      .filter((r) => r.outcome === 'change')
      .map((r) => `row ${r.row} ${r.name}: ${(r.changes ?? []).join(', ')}`),
  );
  section(
    report.dryRun ? 'Groups to create, without an alert route' : 'Groups created, without an alert route',
    report.groupsCreated.map(
      (g) => `${g.name}${g.groupId === undefined ? '' : ` ${g.groupId}`} (rows ${g.rows.join(', ')})`,
    ),
  );
  section(
    'Push tokens, shown this once (the check is /api/v1/monitoring/push/TOKEN)',
    report.pushTokens.map((p) => `row ${p.row} ${p.server}: ${p.token}`),
  );
  lines.push('', ...report.notes);
  if (report.truncated) lines.push('Some lists were cut; the counts are complete.');
  return `${lines.map(terminalText).join('\n')}\n`;
}
