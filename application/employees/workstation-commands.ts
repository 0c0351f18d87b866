import {
  type WorkstationDetailsInput,
  type WorkstationDetailsPatch,
  type WorkstationEvent,
  workstationDecider,
  workstationStreamId,
} from '../../domain/employees/index.ts';
import {
  type CommandContext,
  type CommandResult,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore, IdGenerator } from '../ports/index.ts';
import { employeeRef, loadWorkstation } from './employees-lookups.ts';
import { newEntityId } from './entity-id.ts';
import { makeHostnameClaims } from './hostname-claims.ts';

export interface WorkstationCommandsDeps {
  readonly store: EventStore;
  readonly ids: IdGenerator;
}

export interface NewWorkstation extends WorkstationDetailsInput {
  readonly employeeId?: string | null | undefined;
}

export type WorkstationCommandResult = CommandResult<WorkstationEvent> & { readonly workstationId: string };

/**
 * The workstations' commands. No two active workstations share a host name: a name is claimed on its own
 * stream before a workstation takes it and released after it gives it up. Each command is first decided on
 * the state just read, so that one the decider refuses claims nothing.
 */
export function makeWorkstationCommands(deps: WorkstationCommandsDeps) {
  const { store, ids } = deps;
  const claims = makeHostnameClaims(store);
  const handle = makeCommandHandler({
    store,
    decider: workstationDecider,
    streamId: (c) => workstationStreamId(c.data.workstationId),
  });
  const withId = (workstationId: string) => (result: CommandResult<WorkstationEvent>) => ({
    ...result,
    workstationId,
  });

  return {
    async register(workstation: NewWorkstation, write: CommandContext): Promise<WorkstationCommandResult> {
      const { employeeId, ...details } = workstation;
      const workstationId = newEntityId(ids, 'workstation', write);
      const employee =
        employeeId === null || employeeId === undefined ? null : await employeeRef(store, employeeId);
      const command = {
        type: 'RegisterWorkstation' as const,
        data: { workstationId, details, employee },
        metadata: write.metadata,
      };
      for (const event of workstationDecider.decide(command, workstationDecider.initialState())) {
        if (event.type === 'WorkstationRegistered') {
          await claims.claim(event.data.details.hostname, workstationId, write);
        }
      }
      return withId(workstationId)(await handle(command, handleOptions(write)));
    },

    /** Sets the fields given (`null` clears an optional one); a new host name is claimed, the old released. */
    async changeDetails(
      workstationId: string,
      changes: WorkstationDetailsPatch,
      write: CommandContext,
    ): Promise<WorkstationCommandResult> {
      const command = {
        type: 'ChangeWorkstationDetails' as const,
        data: { workstationId, changes },
        metadata: write.metadata,
      };
      const state = await loadWorkstation(store, workstationId);
      for (const event of workstationDecider.decide(command, state)) {
        if (event.type !== 'WorkstationDetailsChanged') continue;
        for (const change of event.data.changes) {
          if (change.field === 'hostname' && change.to !== null) {
            await claims.claim(change.to, workstationId, write);
          }
        }
      }
      const result = await handle(command, handleOptions(write));
      await claims.releaseStale(workstationId, write);
      return withId(workstationId)(result);
    },

    async assign(
      workstationId: string,
      employeeId: string,
      write: CommandContext,
    ): Promise<WorkstationCommandResult> {
      const data = { workstationId, employee: await employeeRef(store, employeeId) };
      return withId(workstationId)(
        await handle({ type: 'AssignWorkstation', data, metadata: write.metadata }, handleOptions(write)),
      );
    },

    async unassign(workstationId: string, write: CommandContext): Promise<WorkstationCommandResult> {
      return withId(workstationId)(
        await handle(
          { type: 'UnassignWorkstation', data: { workstationId }, metadata: write.metadata },
          handleOptions(write),
        ),
      );
    },

    /** Retires the workstation for good and releases its host name. */
    async retire(workstationId: string, write: CommandContext): Promise<WorkstationCommandResult> {
      const result = await handle(
        { type: 'RetireWorkstation', data: { workstationId }, metadata: write.metadata },
        handleOptions(write),
      );
      await claims.releaseStale(workstationId, write);
      return withId(workstationId)(result);
    },
  };
}

export type WorkstationCommands = ReturnType<typeof makeWorkstationCommands>;
