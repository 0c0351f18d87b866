import { sleep } from '../../../projections/abortable-sleep.ts';
import { cliEnvironment } from '../cli-environment.ts';
import { terminalJson } from '../terminal-text.ts';
import { type Format, projectorNamed } from './command-arguments.ts';
import { withSession } from './session.ts';
import { renderStatus } from './status-render.ts';
import { collectStatus, sampleApplied } from './status-report.ts';

/** Seconds between two `status --watch` frames. */
export const WATCH_INTERVAL_MS = 2_000;
/** How long `status` samples events_applied for events/s. */
const RATE_SAMPLE_MS = 1_000;

/** `tbot projections status [name]`: one report, or with `watch` a frame every few seconds until Ctrl-C. */
export async function statusAction(
  name: string | undefined,
  options: { watch?: boolean; format: Format },
): Promise<void> {
  if (name !== undefined) projectorNamed(name);
  const env = await cliEnvironment({ logTo: 'stderr' });
  await withSession(
    env,
    async (session) => {
      const stop = new AbortController();
      const onSigint = () => stop.abort();
      if (options.watch) process.once('SIGINT', onSigint);
      try {
        let since = await sampleApplied(session.projectionStore);
        let wait = RATE_SAMPLE_MS;
        for (;;) {
          await sleep(wait, stop.signal);
          if (stop.signal.aborted) return;
          const { report, sample } = await collectStatus(session, since, name);
          since = sample;
          if (options.format === 'json') {
            console.log(
              terminalJson(options.watch ? JSON.stringify(report) : JSON.stringify(report, null, 2)),
            );
          } else if (options.watch && process.stdout.isTTY) {
            // Home and clear, then the frame: a redraw rather than a scroll.
            process.stdout.write(
              `\x1b[H\x1b[2J${renderStatus(report)}\n\n${report.at}, every ${WATCH_INTERVAL_MS / 1000} s; Ctrl-C stops\n`,
            );
          } else {
            console.log(options.watch ? `${renderStatus(report)}\n` : renderStatus(report));
          }
          if (!options.watch) return;
          wait = WATCH_INTERVAL_MS;
        }
      } finally {
        process.off('SIGINT', onSigint);
      }
    },
    { withLeases: true },
  );
}
