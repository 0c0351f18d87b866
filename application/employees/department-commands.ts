import { type DepartmentEvent, departmentDecider, departmentStreamId } from '../../domain/employees/index.ts';
import {
  type CommandContext,
  type CommandResult,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import type { EventStore, IdGenerator } from '../ports/index.ts';
import type { DepartmentMembers } from './department-members.ts';
import { parentRef } from './employees-lookups.ts';
import { newEntityId } from './entity-id.ts';

export interface DepartmentCommandsDeps {
  readonly store: EventStore;
  readonly ids: IdGenerator;
  readonly members: DepartmentMembers;
}

export interface NewDepartment {
  readonly name: string;
  readonly parentId?: string | null | undefined;
}

export type DepartmentCommandResult = CommandResult<DepartmentEvent> & { readonly departmentId: string };

/**
 * The departments' commands. What a decider cannot see on its own stream (the parent chain, the number of
 * active employees) is read here and passed in the command.
 */
export function makeDepartmentCommands(deps: DepartmentCommandsDeps) {
  const { store, ids, members } = deps;
  const handle = makeCommandHandler({
    store,
    decider: departmentDecider,
    streamId: (c) => departmentStreamId(c.data.departmentId),
  });
  const parent = (parentId: string | null | undefined) =>
    parentId === null || parentId === undefined ? Promise.resolve(null) : parentRef(store, parentId);

  return {
    async create(department: NewDepartment, write: CommandContext): Promise<DepartmentCommandResult> {
      const departmentId = newEntityId(ids, 'department', write);
      const data = { departmentId, name: department.name, parent: await parent(department.parentId) };
      const result = await handle(
        { type: 'CreateDepartment', data, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, departmentId };
    },

    async rename(
      departmentId: string,
      name: string,
      write: CommandContext,
    ): Promise<DepartmentCommandResult> {
      const data = { departmentId, name };
      const result = await handle(
        { type: 'RenameDepartment', data, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, departmentId };
    },

    /** Nests the department under `parentId`, or makes it top-level with `null`. */
    async move(
      departmentId: string,
      parentId: string | null,
      write: CommandContext,
    ): Promise<DepartmentCommandResult> {
      const data = { departmentId, parent: await parent(parentId) };
      const result = await handle(
        { type: 'MoveDepartment', data, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, departmentId };
    },

    async close(departmentId: string, write: CommandContext): Promise<DepartmentCommandResult> {
      const data = { departmentId, activeEmployees: await members.countActive(departmentId) };
      const result = await handle(
        { type: 'CloseDepartment', data, metadata: write.metadata },
        handleOptions(write),
      );
      return { ...result, departmentId };
    },
  };
}

export type DepartmentCommands = ReturnType<typeof makeDepartmentCommands>;
