import {
  type CheckStateCommand,
  type CheckStateEvent,
  type ProbeObservation,
  checkStateDecider,
  checkStateStreamId,
} from '../../domain/monitoring/index.ts';
import type { EventMetadata } from '../../domain/shared/index.ts';
import {
  type CommandContext,
  type CommandResult,
  aggregateStream,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore } from '../ports/index.ts';
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
  const run = (command: UnsentCommand<CheckStateCommand>, metadata: EventMetadata, idempotencyKey?: string) =>
    handle({ ...command, metadata }, idempotencyKey === undefined ? {} : { idempotencyKey });
  const checkKey = (write: CommandContext, checkId: string) =>
    handleOptions(write, `check-${checkId}`).idempotencyKey;

  return {
    /** Records what a probe result changes (usually nothing: only changes of state are events). */
    async recordResult(result: CheckResult, metadata: EventMetadata): Promise<CheckStateCommandResult> {
      const { checkId, serverId, ...observation } = result;
      const streamId = checkStateStreamId(checkId);
      const { state, expectedRevision } = await aggregateStream(store, checkStateDecider, streamId);
      const command = (probe: ProbeObservation) =>
        ({ type: 'RecordProbeResult', data: { checkId, serverId, probe }, metadata }) as const;
      const probe: ProbeObservation = { ...observation, parentDown: null };
      const events = checkStateDecider.decide(command(probe), state);
      if (events.length === 0) {
        return {
          streamId,
          nextExpectedRevision: expectedRevision,
          checkpoint: null,
          events,
          duplicate: false,
        };
      }
      const parentDown = events.some((event) => event.type === 'ServerWentDown')
        ? await parentDownOf(store, serverId)
        : null;
      const key = checkResultIdempotencyKey(checkId, observation.slot, state);
      return handle(command({ ...probe, parentDown }), { idempotencyKey: key });
    },

    /** Window `windowId`'s occurrence from `occurrenceStart` began for this check. */
    startMaintenance: (
      check: CheckOfServer,
      windowId: string,
      occurrenceStart: Date,
      metadata: EventMetadata,
    ) =>
      run(
        { type: 'StartMaintenance', data: { ...check, windowId } },
        metadata,
        maintenanceIdempotencyKey(check.checkId, windowId, occurrenceStart, 'start'),
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
    ): Promise<CheckStateCommandResult> {
      const parentDown = probe?.status === 'down' ? await parentDownOf(store, check.serverId) : null;
      return run(
        {
          type: 'EndMaintenance',
          data: { ...check, windowId, probe: probe === null ? null : { ...probe, parentDown } },
        },
        metadata,
        maintenanceIdempotencyKey(check.checkId, windowId, occurrenceStart, 'end'),
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
