import { Presets, SingleBar } from 'cli-progress';
import { terminalText } from '../terminal-text.ts';

export interface CopyProgress {
  /** A table begins, with the rows previous runs already copied. */
  table(name: string, rows: number, alreadyCopied: number): void;
  /** Rows of the current table copied so far. */
  update(copied: number): void;
  stop(): void;
}

/** Plain lines at most this often when standard error is no terminal (a log, CI). */
const LINE_EVERY_MS = 2_000;

/**
 * The copy's progress on standard error: a bar over every row of the copy on a terminal (with the table, rows
 * and ETA), else a line when a table starts and ends and at most every 2 s in between. Table names are shown
 * as the database holds them, escaped for the terminal.
 */
export function copyProgress(totalRows: number, stream: NodeJS.WriteStream = process.stderr): CopyProgress {
  let done = 0;
  let current = { name: '', rows: 0, copied: 0 };
  if (!stream.isTTY) {
    let lastLine = 0;
    const line = () => {
      lastLine = Date.now();
      stream.write(`copying ${current.name}: ${current.copied}/${current.rows} rows\n`);
    };
    return {
      table(name, rows, alreadyCopied) {
        current = { name: terminalText(name), rows, copied: alreadyCopied };
        line();
      },
      update(copied) {
        current.copied = copied;
        if (copied >= current.rows || Date.now() - lastLine >= LINE_EVERY_MS) line();
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    {
      stream,
      format: ' {bar} {percentage}% | {table} | {value}/{total} rows | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    Presets.shades_classic,
  );
  bar.start(Math.max(1, totalRows), 0, { table: '' });
  return {
    table(name, rows, alreadyCopied) {
      done += current.rows;
      current = { name: terminalText(name), rows, copied: alreadyCopied };
      bar.update(done + alreadyCopied, { table: current.name });
    },
    update(copied) {
      current.copied = copied;
      bar.update(done + copied, { table: current.name });
    },
    stop: () => bar.stop(),
  };
}
