import type {
  Checkpoint,
  EventStore,
  Logger,
  ProjectionMetrics,
  ProjectionStore,
} from '../../application/ports/index.ts';
import type { RunnerSettings } from './runner-settings.ts';

/** What every part of the runner works with: the stores, the log and metrics, and the settings. */
export interface RunnerContext {
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly nodeId: string;
  readonly logger: Logger;
  readonly metrics: ProjectionMetrics;
  readonly settings: RunnerSettings;
}

/** What applying events works with: no log to read, no node to claim for. */
export type ApplyContext = Pick<RunnerContext, 'projectionStore' | 'logger' | 'metrics' | 'settings'>;

/** How applying events ended: moved the checkpoint, or refused by the fence, parked, or stopped. */
export type BatchOutcome =
  | { readonly kind: 'applied'; readonly checkpoint: Checkpoint }
  | { readonly kind: 'fenced' | 'parked' | 'stopped' };

/** How an ownership ended: `stepped down` leaves the projection to other nodes for a while. */
export type OwnOutcome = 'done' | 'stepped down';

/** The checkpoint a run of events left, the zero checkpoint standing for "none yet". */
export const checkpointOrZero = (checkpoint: Checkpoint | null): Checkpoint =>
  checkpoint ?? { transactionId: 0n, position: 0n };
