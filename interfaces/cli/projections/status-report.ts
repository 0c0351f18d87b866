import {
  type Checkpoint,
  type EventStore,
  type LeaseManager,
  formatCheckpoint,
} from '../../../application/ports/index.ts';
import type { OutboxCounts } from '../../../application/notifications/index.ts';
import { postgresOutbox } from '../../../infrastructure/notifications/index.ts';
import type { DatabaseHandle } from '../../../infrastructure/postgres/index.ts';
import {
  type OpenTransaction,
  findOldestOpenTransaction,
} from '../../../infrastructure/postgres/oldest-transaction.ts';
import { projectionLag } from '../../../infrastructure/projections/projection-lag.ts';
import {
  type HorizonHolderActivity,
  findHorizonHolder,
} from '../../../infrastructure/event-store/postgres/read-horizon.ts';
import {
  type ProjectionState,
  type ProjectionStore,
  type Projector,
  leaseName,
} from '../../../projections/index.ts';

export type ProjectionStateName = 'running' | 'parked' | 'rebuilding' | 'rebuild due' | 'not started';

/** Who holds a projection's lease: Redis knows across nodes; the embedded single node keeps it in memory. */
export type LeaseView =
  | { readonly kind: 'in-process' }
  | {
      readonly kind: 'redis';
      readonly holder: string | null;
      readonly node: string | null;
      readonly expiresInMs: number | null;
    }
  | { readonly kind: 'unavailable'; readonly error: string };

export interface ProjectionStatusView {
  readonly name: string;
  /** The code's version, and the version that built the live tables (null before the first start). */
  readonly version: number;
  readonly builtVersion: number | null;
  readonly state: ProjectionStateName;
  readonly rebuildingSince: string | null;
  readonly checkpoint: string | null;
  readonly position: number | null;
  readonly headPosition: number | null;
  /** Committed events of its types after its checkpoint, counted up to 100,000 (`lagAtLeast` then). */
  readonly lag: number;
  readonly lagAtLeast: boolean;
  /** Of `lag`, events not readable yet because an older appender is still open (the read horizon). */
  readonly heldBack: number;
  readonly owner: string | null;
  readonly epoch: number | null;
  readonly lease: LeaseView;
  readonly eventsApplied: number;
  /** Between two samples; null when unknown (first sample, or the count went down: reset or rebuild). */
  readonly eventsPerSecond: number | null;
  readonly parked: {
    readonly position: number;
    readonly checkpoint: string;
    readonly eventType: string;
    readonly error: string;
    readonly at: string;
  } | null;
}

export interface OpenTransactionView {
  readonly pid: number;
  readonly applicationName: string;
  readonly state: string | null;
  readonly startedAt: string;
  readonly xid: string | null;
  readonly xmin: string | null;
  readonly query: string;
}

/** The open appender that holds the log's read horizon (readers wait for it to end). */
export interface HorizonHolderView {
  readonly pid: number | null;
  readonly xid: string;
  readonly applicationName: string;
  readonly state: string | null;
  readonly startedAt: string | null;
  readonly ageSeconds: number;
}

export interface StatusReport {
  readonly at: string;
  readonly head: { readonly checkpoint: string; readonly position: number } | null;
  readonly projections: ProjectionStatusView[];
  /** The oldest transaction open for more than 5 s (it holds back vacuum; log readers only wait for appenders). */
  readonly oldestTransaction: OpenTransactionView | null;
  /** The appender holding the log's read horizon right now, if one does. */
  readonly horizonHolder: HorizonHolderView | null;
  /** The notification outbox's rows by status, each counted up to `OUTBOX_COUNT_CAP` (the query stays cheap). */
  readonly outbox: OutboxCounts;
}

/** Outbox rows counted per status at most: beyond it the status says "at least". */
export const OUTBOX_COUNT_CAP = 10_000;

/** `events_applied` per projection at a moment, for events/s. */
export interface AppliedSample {
  readonly at: number;
  readonly applied: ReadonlyMap<string, number>;
}

export interface StatusSources {
  readonly pool: DatabaseHandle['pool'];
  readonly eventStore: EventStore;
  readonly projectionStore: ProjectionStore;
  /** Null without Redis: the embedded single node holds leases in its own memory. */
  readonly leases: LeaseManager | null;
  readonly projectors: readonly Projector[];
}

/** Transactions open longer than this are worth naming. */
const OLD_TRANSACTION_MS = 5_000;

export async function sampleApplied(store: ProjectionStore): Promise<AppliedSample> {
  const states = await store.list();
  return { at: Date.now(), applied: new Map(states.map((s) => [s.name, s.eventsApplied])) };
}

function stateOf(projector: Projector, state: ProjectionState | null): ProjectionStateName {
  if (!state) return 'not started';
  if (state.status === 'parked') return 'parked';
  if (state.rebuildStartedAt) return 'rebuilding';
  if (state.version !== projector.version) return 'rebuild due';
  return 'running';
}

async function leaseOf(leases: LeaseManager | null, name: string): Promise<LeaseView> {
  if (!leases) return { kind: 'in-process' };
  try {
    const grant = await leases.inspect(leaseName(name));
    if (!grant) return { kind: 'redis', holder: null, node: null, expiresInMs: null };
    // Tokens are `<nodeId>:<random>`.
    const cut = grant.token.lastIndexOf(':');
    return {
      kind: 'redis',
      holder: grant.token,
      node: cut > 0 ? grant.token.slice(0, cut) : grant.token,
      expiresInMs: Number.isFinite(grant.expiresInMs) ? grant.expiresInMs : null,
    };
  } catch (error) {
    return { kind: 'unavailable', error: error instanceof Error ? error.message : String(error) };
  }
}

const positionOf = (checkpoint: Checkpoint | null) => (checkpoint ? Number(checkpoint.position) : null);

/** Reads every projection's state, the log's head and the oldest open transaction; events/s since `since`. */
export async function collectStatus(
  sources: StatusSources,
  since: AppliedSample | null,
  only?: string,
): Promise<{ report: StatusReport; sample: AppliedSample }> {
  const [states, head, oldest, holder, outbox] = await Promise.all([
    sources.projectionStore.list(),
    sources.eventStore.headCheckpoint(),
    findOldestOpenTransaction(sources.pool, OLD_TRANSACTION_MS),
    findHorizonHolder(sources.pool),
    postgresOutbox(sources.pool).counts(OUTBOX_COUNT_CAP),
  ]);
  const sample: AppliedSample = {
    at: Date.now(),
    applied: new Map(states.map((s) => [s.name, s.eventsApplied])),
  };
  const byName = new Map(states.map((s) => [s.name, s]));
  const projectors = sources.projectors.filter((p) => only === undefined || p.name === only);

  const projections = await Promise.all(
    projectors.map(async (projector): Promise<ProjectionStatusView> => {
      const state = byName.get(projector.name) ?? null;
      const [lag, lease] = await Promise.all([
        projectionLag(sources.pool, state?.checkpoint ?? null, projector.eventTypes),
        leaseOf(sources.leases, projector.name),
      ]);
      const before = since?.applied.get(projector.name);
      const seconds = since ? (sample.at - since.at) / 1000 : 0;
      const eventsPerSecond =
        state && before !== undefined && seconds > 0 && state.eventsApplied >= before
          ? Math.round(((state.eventsApplied - before) / seconds) * 10) / 10
          : null;
      return {
        name: projector.name,
        version: projector.version,
        builtVersion: state?.version ?? null,
        state: stateOf(projector, state),
        rebuildingSince: state?.rebuildStartedAt?.toISOString() ?? null,
        checkpoint: state?.checkpoint ? formatCheckpoint(state.checkpoint) : null,
        position: positionOf(state?.checkpoint ?? null),
        headPosition: positionOf(head),
        lag: lag.events,
        lagAtLeast: lag.atLeast,
        heldBack: lag.heldBack,
        owner: state?.owner ?? null,
        epoch: state?.epoch ?? null,
        lease,
        eventsApplied: state?.eventsApplied ?? 0,
        eventsPerSecond,
        parked: state?.parked
          ? {
              position: Number(state.parked.checkpoint.position),
              checkpoint: formatCheckpoint(state.parked.checkpoint),
              eventType: state.parked.eventType,
              error: state.parked.error,
              at: state.parked.at.toISOString(),
            }
          : null,
      };
    }),
  );

  return {
    report: {
      at: new Date(sample.at).toISOString(),
      head: head ? { checkpoint: formatCheckpoint(head), position: Number(head.position) } : null,
      projections,
      oldestTransaction: oldest ? openTransactionView(oldest) : null,
      horizonHolder: holder ? horizonHolderView(holder) : null,
      outbox,
    },
    sample,
  };
}

function openTransactionView(transaction: OpenTransaction): OpenTransactionView {
  return { ...transaction, startedAt: transaction.startedAt.toISOString() };
}

export function horizonHolderView(holder: HorizonHolderActivity): HorizonHolderView {
  return {
    pid: holder.pid,
    xid: String(holder.xid),
    applicationName: holder.applicationName,
    state: holder.state,
    startedAt: holder.startedAt?.toISOString() ?? null,
    ageSeconds: Math.round(holder.ageSeconds * 10) / 10,
  };
}
