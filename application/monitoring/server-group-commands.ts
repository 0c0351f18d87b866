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
  /** Where its alerts go (a chat, optionally a forum topic); absent or `null`: nowhere yet. */
  readonly alertRoute?: AlertRoute | null | undefined;
  readonly quietHours?: QuietHours | null | undefined;
}

/** The parts of a group a change may name; a part not given stays. */
export interface ServerGroupChange {
  readonly name?: string | undefined;
  /** `null`: its alerts go nowhere. */
  readonly alertRoute?: AlertRoute | null | undefined;
  /** `null`: none. */
  readonly quietHours?: QuietHours | null | undefined;
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
    /** Creates the group with its route and quiet hours in one append: a refused part creates nothing. */
    create: (group: NewServerGroup, write: CommandContext) => {
      const { alertRoute, ...rest } = group;
      const groupId = newEntityId(ids, 'server-group', write);
      const data = { groupId, ...rest, ...(alertRoute === undefined ? {} : { route: alertRoute }) };
      return run({ type: 'CreateServerGroup', data }, write);
    },

    /** Changes any of the group's parts in one append: a refused part leaves the group as it was. */
    change: (groupId: string, change: ServerGroupChange, write: CommandContext) => {
      const { alertRoute, ...rest } = change;
      const data = { groupId, ...rest, ...(alertRoute === undefined ? {} : { route: alertRoute }) };
      return run({ type: 'ChangeServerGroup', data }, write);
    },

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
