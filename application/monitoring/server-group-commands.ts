import {
  type AlertRoute,
  type GroupStatusRule,
  type QuietHours,
  type ServerGroupCommand,
  type ServerGroupEvent,
  serverGroupDecider,
  serverGroupStreamId,
} from '../../domain/monitoring/index.ts';
import {
  type CommandContext,
  type CommandResult,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import { newEntityId } from '../employees/entity-id.ts';
import type { EventStore, IdGenerator } from '../ports/index.ts';
import type { ServerGroupMembers } from './server-group-members.ts';
import type { UnsentCommand } from './unsent-command.ts';

export interface ServerGroupCommandsDeps {
  readonly store: EventStore;
  readonly ids: IdGenerator;
  readonly members: ServerGroupMembers;
}

export interface NewServerGroup {
  readonly name: string;
  readonly statusRule?: GroupStatusRule | undefined;
}

export type ServerGroupCommandResult = CommandResult<ServerGroupEvent> & { readonly groupId: string };

/** The server groups' commands; the number of servers a group holds is read here for its removal. */
export function makeServerGroupCommands(deps: ServerGroupCommandsDeps) {
  const { store, ids, members } = deps;
  const handle = makeCommandHandler({
    store,
    decider: serverGroupDecider,
    streamId: (c) => serverGroupStreamId(c.data.groupId),
  });
  const run = async (
    command: UnsentCommand<ServerGroupCommand>,
    write: CommandContext,
  ): Promise<ServerGroupCommandResult> => {
    const result = await handle({ ...command, metadata: write.metadata }, handleOptions(write));
    return { ...result, groupId: command.data.groupId };
  };

  return {
    create: (group: NewServerGroup, write: CommandContext) =>
      run(
        { type: 'CreateServerGroup', data: { groupId: newEntityId(ids, 'server-group', write), ...group } },
        write,
      ),

    rename: (groupId: string, name: string, write: CommandContext) =>
      run({ type: 'RenameServerGroup', data: { groupId, name } }, write),

    /** Alerts go to `route` (a chat, optionally a forum topic), or nowhere with `null`. */
    routeAlerts: (groupId: string, route: AlertRoute | null, write: CommandContext) =>
      run({ type: 'RouteServerGroupAlerts', data: { groupId, route } }, write),

    setQuietHours: (groupId: string, quietHours: QuietHours | null, write: CommandContext) =>
      run({ type: 'SetServerGroupQuietHours', data: { groupId, quietHours } }, write),

    setStatusRule: (groupId: string, statusRule: GroupStatusRule, write: CommandContext) =>
      run({ type: 'SetServerGroupStatusRule', data: { groupId, statusRule } }, write),

    async remove(groupId: string, write: CommandContext): Promise<ServerGroupCommandResult> {
      return run(
        { type: 'RemoveServerGroup', data: { groupId, servers: await members.countServers(groupId) } },
        write,
      );
    },
  };
}

export type ServerGroupCommands = ReturnType<typeof makeServerGroupCommands>;
