import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { commandContext } from '../../../application/commands/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../../infrastructure/excel/index.ts';
import { makeEmployeesImport } from '../../runtime/employees-runtime.ts';
import { openEventStoreRuntime } from '../../runtime/event-store-runtime.ts';
import { startSettingsRuntime } from '../../runtime/settings-runtime.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { renderImportReport } from './import-report-render.ts';
import { UsageError } from '../exit-codes.ts';
import { terminalJson } from '../terminal-text.ts';
import { cliActor } from '../operator.ts';

interface ImportOptions {
  dryRun?: boolean;
  format: 'text' | 'json';
  sheet?: string;
}

async function readWorkbook(path: string): Promise<Buffer> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  // Refused before it is read into memory: the reader would refuse it anyway, after the cost.
  if (size > DEFAULT_IMPORT_LIMITS.maxFileBytes) {
    throw new UsageError(
      `${path} is ${size} bytes; a workbook may have at most ${DEFAULT_IMPORT_LIMITS.maxFileBytes}`,
    );
  }
  return readFile(path);
}

function progressBar() {
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {value}/{total} streams | ETA {eta_formatted}',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (!process.stderr.isTTY) return;
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

async function importEmployees(path: string, options: ImportOptions): Promise<void> {
  const file = await readWorkbook(path);
  const { config, logger } = await cliEnvironment({ logTo: 'stderr' });
  const runtime = await openEventStoreRuntime(config, logger, { purpose: 'command' });
  const bar = progressBar();
  const importId = randomUUID();
  const settings = await startSettingsRuntime(runtime.eventStore, logger);
  try {
    const imports = makeEmployeesImport({ eventStore: runtime.eventStore, settings });
    const report = await imports.run({
      file,
      dryRun: options.dryRun === true,
      metadata: commandContext({
        actor: cliActor(),
        source: 'import',
        correlationId: importId,
        occurredAt: new Date(),
      }).metadata,
      ...(options.sheet === undefined ? {} : { sheet: { sheetName: options.sheet } }),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    const { checkpoint: _checkpoint, ...printed } = report;
    process.stdout.write(
      options.format === 'json'
        ? `${terminalJson(JSON.stringify(printed, null, 2))}\n`
        : renderImportReport(report),
    );
    logger.info(
      { importId, dryRun: report.dryRun, counts: report.counts, file: path },
      'employee import done',
    );
  } catch (error) {
    bar.stop();
    // A file refused as a whole names the file and the code; it exits as `EXIT_BY_DOMAIN_CODE` says (2).
    if (
      error instanceof DomainError &&
      error.code.startsWith('IMPORT.') &&
      error.code !== 'IMPORT.CONFLICT'
    ) {
      throw new DomainError(error.code, `${path}: ${error.message} (${error.code})`, error.context);
    }
    throw error;
  } finally {
    await settings.stop();
    await runtime.close();
  }
}

/** `tbot import employees FILE [--dry-run]`: the employees from an Excel workbook, straight on the database. */
export function importCommand(): Command {
  const command = new Command('import').description('import data from files');
  command
    .command('employees')
    .description(
      'import employees, departments and workstations from an .xlsx/.xls workbook (Russian or English headers); ' +
        'rows are matched by e-mail, else by name + department + phone; only real changes are written',
    )
    .argument('<file>', 'the workbook')
    .option(
      '--dry-run',
      'report what would change (new, changed, unchanged, ambiguous, missing) and write nothing',
    )
    .option('--sheet <name>', 'the sheet to read (by default the one whose header matches best)')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .action(importEmployees);
  return command;
}
