import { Presets, SingleBar } from 'cli-progress';
import type { RebuildProgress } from '../../../projections/index.ts';

export interface RebuildProgressBar {
  update(progress: RebuildProgress): void;
  stop(): void;
}

/**
 * A progress bar for a rebuild on standard error (drawn only on a terminal): how far through the log by
 * position (the total is the head's position when the rebuild started, so it is approximate where positions
 * have gaps or the projector reads some event types only), events applied, events/s and the ETA.
 */
export function rebuildProgressBar(stream: NodeJS.WriteStream = process.stderr): RebuildProgressBar {
  const started = performance.now();
  const bar = new SingleBar(
    {
      stream,
      format: ' {bar} {percentage}% | {events} events | {rate} events/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    Presets.shades_classic,
  );
  let active = false;
  return {
    update(progress) {
      const total = Math.max(1, Number(progress.headPosition));
      const value = Math.min(total, Number(progress.position));
      const seconds = (performance.now() - started) / 1000;
      const payload = {
        events: progress.eventsApplied,
        rate: seconds > 0 ? Math.round(progress.eventsApplied / seconds) : 0,
      };
      if (!active) {
        bar.start(total, value, payload);
        active = true;
      } else {
        bar.update(value, payload);
      }
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
