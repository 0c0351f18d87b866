import type { ImportReport } from '../../../application/employees/import/index.ts';
import { terminalText } from '../terminal-text.ts';

const LISTED = 50;

/**
 * The import report for a person at a terminal: the counts, then what needs their attention. Names and cells
 * come from the workbook: each line is escaped for the terminal.
 */
export function renderImportReport(report: ImportReport): string {
  const c = report.counts;
  const lines = [
    `${report.dryRun ? 'Dry run (nothing written)' : 'Imported'}: sheet "${report.sheet.name}", header on row ${report.sheet.headerRow}`,
    `  rows ${c.rows}: new ${c.new}, changed ${c.changed}, unchanged ${c.unchanged}, ambiguous ${c.ambiguous}, errors ${c.errors}`,
    `  skipped rows ${c.skipped}, departments created ${c.departmentsCreated}, missing from the sheet ${c.missing}`,
    `  events ${report.dryRun ? 'to append' : 'appended'} ${c.events} (import ${report.importId})`,
  ];
  const section = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`);
    lines.push(...items.slice(0, LISTED).map((item) => `  ${item}`));
    if (items.length > LISTED) lines.push(`  ... ${items.length - LISTED} more (--format json lists them)`);
  };
  section(
    'To settle by hand',
    report.rows
      .filter((r) => r.outcome === 'ambiguous')
      .map(
        (r) =>
          `row ${r.row} ${r.fullName}: ${r.message ?? ''} [${(r.candidates ?? []).map((x) => `${x.fullName} (${x.department ?? 'no department'}) ${x.employeeId}`).join('; ')}]`,
      ),
  );
  section(
    'Refused rows',
    report.rows
      .filter((r) => r.outcome === 'error')
      .map((r) => `row ${r.row} ${r.fullName}: ${r.message ?? ''}`),
  );
  section(
    'Cells ignored',
    report.issues.map((i) => `row ${i.row}${i.column ? ` ${i.column}` : ''}: ${i.message}`),
  );
  section(
    'Not recorded',
    report.warnings.map((w) => `row ${w.row}: ${w.message}`),
  );
  section(
    'Changed',
    report.rows
      .filter((r) => r.outcome === 'changed')
      .map((r) => `row ${r.row} ${r.fullName}: ${(r.changes ?? []).join(', ')}`),
  );
  section(
    'Namesakes (imported as different people)',
    report.namesakes.map((n) => `${n.fullName}: rows ${n.rows.join(', ')}`),
  );
  section(
    'In the directory but not in the sheet (not dismissed)',
    report.missing.map((m) => `${m.fullName} (${m.department ?? 'no department'}) ${m.employeeId}`),
  );
  if (report.truncated) lines.push('', 'Some lists were cut; the counts are complete.');
  return `${lines.map(terminalText).join('\n')}\n`;
}
