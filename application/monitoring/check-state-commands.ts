import {
  type CheckState,
  type CheckStateCommand,
  type CheckStateEvent,
  type ProbeObservation,
  checkStateDecider,
  checkStateStreamId,
} from '../../domain/monitoring/index.ts';
import { type EventMetadata, schemaVersionOf } from '../../domain/shared/index.ts';
import {
  type CommandContext,
  type CommandResult,
  aggregateStream,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import { type AppendFence, type EventStore, WrongExpectedRevisionError } from '../ports/index.ts';
import { checkResultIdempotencyKey, maintenanceIdempotencyKey } from './check-state-keys.ts';
import { parentDownOf } from './parent-down.ts';
import type { UnsentCommand } from './unsent-command.ts';

export interface CheckStateCommandsDeps {
  readonly store: EventStore;
}

/** A probe result of one check, as the scheduler reports it (the parent's state is read here). */
export interface CheckResult extends Omit<ProbeObservation, 'parentDown'> {
  readonly checkId: string;
  readonly serverId: string;
}

/** A check of a server, as the commands on its state name it. */
export interface CheckOfServer {
  readonly checkId: string;
  readonly serverId: string;
}

export type CheckStateCommandResult = CommandResult<CheckStateEvent>;

/** A check's state as a caller last knew it (the scheduler, per check it holds), carried from result to result. */
export interface KnownCheckState {
  readonly state: CheckState;
  /** Revision of the last event folded in, `'no_stream'` before any: the next append's expectation. */
  readonly revision: number | 'no_stream';
}

export interface RecordResultOptions {
  /** The state after the caller's last result: only the events after it are read. */
  readonly known?: KnownCheckState | undefined;
  /** The partition epoch the caller holds the check under (see `AppendOptions.fence`). */
  readonly fence?: AppendFence | undefined;
}

export interface RecordedCheckResult extends CheckStateCommandResult {
  readonly nextExpectedRevision: number | 'no_stream';
  /** The state after this result, to pass as the next result's `known`. */
  readonly known: KnownCheckState;
}

/** Conflicting appends decided again before giving up (each reads only the events appended meanwhile). */
const MAX_CONFLICT_RETRIES = 5;

/** `known` brought up to date with the events after it (the whole stream when nothing is known). */
async function catchUp(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  known: KnownCheckState | undefined,
): Promise<KnownCheckState> {
  if (known === undefined) {
    const { state, expectedRevision } = await aggregateStream(store, checkStateDecider, streamId);
    return { state, revision: expectedRevision };
  }
  const fromRevision = known.revision === 'no_stream' ? 0 : known.revision + 1;
  const events = await store.readStream<CheckStateEvent>(streamId, { fromRevision });
  const last = events.at(-1);
  if (!last) return known;
  return { state: events.reduce(checkStateDecider.evolve, known.state), revision: last.revision };
}

const toNewEvents = (events: readonly CheckStateEvent[], metadata: EventMetadata) =>
  events.map((event) => ({
    type: event.type,
    data: event.data,
    metadata,
    schemaVersion: schemaVersionOf(checkStateDecider.schemaVersions, event.type),
  }));

/**
 * The commands on the checks' state streams. A probe result is decided first on the state just read:
 * when it changes nothing (the common case) nothing more is read or written; when it makes the check DOWN,
 * the parent's state is read for the alert's suppression. Its append carries the (check, slot) key.
 */
export function makeCheckStateCommands(deps: CheckStateCommandsDeps) {
  const { store } = deps;
  const handle = makeCommandHandler({
    store,
    decider: checkStateDecider,
    streamId: (c) => checkStateStreamId(c.data.checkId),
  });
  const run = (
    command: UnsentCommand<CheckStateCommand>,
    metadata: EventMetadata,
    idempotencyKey?: string,
    fence?: AppendFence,
  ) =>
    handle(
      { ...command, metadata },
      {
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(fence === undefined ? {} : { fence }),
      },
    );
  const checkKey = (write: CommandContext, checkId: string) =>
    handleOptions(write, `check-${checkId}`).idempotencyKey;

  return {
    /**
     * Records what a probe result changes (usually nothing: only changes of state are events). Given the state
     * the caller `known` from its last result, only the events appended since are read (usually none), not the
     * whole stream; the answer's `known` is the state after this result, for the next. With a `fence`, the
     * append is written only while the partition epoch holds (a stale holder appends nothing).
     */
    async recordResult(
      result: CheckResult,
      metadata: EventMetadata,
      options: RecordResultOptions = {},
    ): Promise<RecordedCheckResult> {
      const { checkId, serverId, ...observation } = result;
      const streamId = checkStateStreamId(checkId);
      const command = (probe: ProbeObservation) =>
        ({ type: 'RecordProbeResult', data: { checkId, serverId, probe }, metadata }) as const;
      const probe: ProbeObservation = { ...observation, parentDown: null };
      let known = await catchUp(store, streamId, options.known);
      for (let attempt = 0; ; attempt += 1) {
        const { state } = known;
        let events = checkStateDecider.decide(command(probe), state);
        const unchanged = { streamId, nextExpectedRevision: known.revision, checkpoint: null, known };
        if (events.length === 0) return { ...unchanged, events, duplicate: false };
        if (events.some((event) => event.type === 'ServerWentDown')) {
          const parentDown = await parentDownOf(store, serverId);
          if (parentDown !== null)
            events = checkStateDecider.decide(command({ ...probe, parentDown }), state);
        }
        try {
          const appended = await store.append(streamId, toNewEvents(events, metadata), {
            expectedRevision: known.revision,
            idempotencyKey: checkResultIdempotencyKey(checkId, observation.slot, state),
            ...(options.fence === undefined ? {} : { fence: options.fence }),
          });
          if (appended.duplicate) {
            // Decided before (a replay, or another node on the same state): what it appended is read.
            known = await catchUp(store, streamId, known);
            return { ...unchanged, known, nextExpectedRevision: known.revision, events: [], duplicate: true };
          }
          known = {
            state: events.reduce(checkStateDecider.evolve, state),
            revision: appended.nextExpectedRevision,
          };
          return {
            streamId,
            nextExpectedRevision: known.revision,
            checkpoint: appended.checkpoint,
            events,
            duplicate: false,
            known,
          };
        } catch (error) {
          // Appended to meanwhile (a push, an admin's pause): decided again on the state with those events.
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
          known = await catchUp(store, streamId, known);
        }
      }
    },

    /** Window `windowId`'s occurrence from `occurrenceStart` began for this check. */
    startMaintenance: (
      check: CheckOfServer,
      windowId: string,
      occurrenceStart: Date,
      metadata: EventMetadata,
      fence?: AppendFence,
    ) =>
      run(
        { type: 'StartMaintenance', data: { ...check, windowId } },
        metadata,
        maintenanceIdempotencyKey(check.checkId, windowId, occurrenceStart, 'start'),
        fence,
      ),

    /**
     * The occurrence ended; `probe` (taken at the end) is evaluated at once when no other window is on.
     * Its parent is read as for a result, so a DOWN after maintenance is suppressed like any other.
     */
    async endMaintenance(
      check: CheckOfServer,
      windowId: string,
      occurrenceStart: Date,
      probe: Omit<ProbeObservation, 'parentDown'> | null,
      metadata: EventMetadata,
      fence?: AppendFence,
    ): Promise<CheckStateCommandResult> {
      const parentDown = probe?.status === 'down' ? await parentDownOf(store, check.serverId) : null;
      return run(
        {
          type: 'EndMaintenance',
          data: { ...check, windowId, probe: probe === null ? null : { ...probe, parentDown } },
        },
        metadata,
        maintenanceIdempotencyKey(check.checkId, windowId, occurrenceStart, 'end'),
        fence,
      );
    },

    /** Someone takes the incident (the actor of `write`); the bot's button passes its update's key. */
    acknowledge: (check: CheckOfServer, incidentId: string, write: CommandContext) =>
      handle(
        { type: 'AcknowledgeIncident', data: { ...check, incidentId }, metadata: write.metadata },
        handleOptions(write),
      ),

    pause: (check: CheckOfServer, write: CommandContext) =>
      run({ type: 'PauseCheck', data: check }, write.metadata, checkKey(write, check.checkId)),

    resume: (check: CheckOfServer, write: CommandContext) =>
      run({ type: 'ResumeCheck', data: check }, write.metadata, checkKey(write, check.checkId)),

    retire: (check: CheckOfServer, write: CommandContext) =>
      run({ type: 'RetireCheck', data: check }, write.metadata, checkKey(write, check.checkId)),
  };
}

export type CheckStateCommands = ReturnType<typeof makeCheckStateCommands>;
