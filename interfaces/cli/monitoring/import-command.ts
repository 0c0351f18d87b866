import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { commandContext } from '../../../application/commands/index.ts';
import { DomainError } from '../../../domain/shared/index.ts';
import { openEventStoreRuntime } from '../../runtime/event-store-runtime.ts';
import {
  MONITORING_IMPORT_LIMITS,
  importCommandsOn,
  makeMonitoringImport,
} from '../../runtime/monitoring-import-runtime.ts';
import { startSettingsRuntime } from '../../runtime/settings-runtime.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { UsageError } from '../exit-codes.ts';
import { cliActor } from '../operator.ts';
import { terminalJson } from '../terminal-text.ts';
import { renderServerImportReport } from './import-report-render.ts';

interface ImportOptions {
  commit?: boolean;
  format: 'text' | 'json';
}

/** Rows the import refused: the report is printed, and the command exits 1 (see `describeFailure`). */
class RowsRefused extends Error {
  override readonly name = 'RowsRefused';
}

async function readSheet(path: string): Promise<Buffer> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  // Refused before it is read into memory: the reader would refuse it anyway, after the cost.
  if (size > MONITORING_IMPORT_LIMITS.maxFileBytes) {
    throw new UsageError(
      `${path} is ${size} bytes; a sheet may have at most ${MONITORING_IMPORT_LIMITS.maxFileBytes}`,
    );
  }
  return readFile(path);
}

async function importServers(path: string, options: ImportOptions): Promise<void> {
  const file = await readSheet(path);
  const { config, logger } = await cliEnvironment({ logTo: 'stderr' });
  const runtime = await openEventStoreRuntime(config, logger, { purpose: 'command' });
  const settings = await startSettingsRuntime(runtime.eventStore, logger);
  const importId = randomUUID();
  try {
    const { servers, groups } = importCommandsOn(runtime.eventStore);
    const imports = makeMonitoringImport({ eventStore: runtime.eventStore, settings, servers, groups });
    const { checkpoint: _checkpoint, ...report } = await imports.run({
      file,
      dryRun: options.commit !== true,
      metadata: commandContext({
        actor: cliActor(),
        source: 'import',
        correlationId: importId,
        occurredAt: new Date(),
      }).metadata,
    });
    process.stdout.write(
      options.format === 'json'
        ? `${terminalJson(JSON.stringify(report, null, 2))}\n`
        : renderServerImportReport(report),
    );
    // Counts only: the report names servers and may hold push tokens, which no log keeps.
    logger.info({ importId, dryRun: report.dryRun, counts: report.counts }, 'servers import done');
    if (report.counts.errors > 0) {
      throw new RowsRefused(
        `${report.counts.errors} row(s) refused${report.dryRun ? '' : '; the other rows were imported'}`,
      );
    }
  } catch (error) {
    // A file refused as a whole names the file and the code; it exits as `EXIT_BY_DOMAIN_CODE` says (2).
    if (error instanceof DomainError && error.code.startsWith('IMPORT.')) {
      throw new DomainError(error.code, `${path}: ${error.message} (${error.code})`, error.context);
    }
    throw error;
  } finally {
    await settings.stop();
    await runtime.close();
  }
}

/** `tbot monitoring import FILE [--commit]`: servers and groups from a sheet, straight on the database. */
export function monitoringImportCommand(): Command {
  return new Command('import')
    .description(
      'import servers and groups from a sheet (.xlsx, .xls or CSV; one row per server, Russian or English ' +
        'headers): a dry run unless --commit; servers are matched by name, only real changes are written, ' +
        'and no server is ever removed',
    )
    .argument('<file>', 'the sheet')
    .option('--commit', 'write the changes (without it: report what would change and write nothing)')
    .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
    .action(importServers);
}
