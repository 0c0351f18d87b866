import {
  type CheckDefinition,
  type CheckDefinitionInput,
  type CheckSpecInput,
  type CheckTiming,
  type ServerCommand,
  type ServerEvent,
  type ServerState,
  serverDecider,
  serverStreamId,
} from '../../domain/monitoring/index.ts';
import {
  type CommandContext,
  type CommandResult,
  aggregateStream,
  handleOptions,
  makeCommandHandler,
} from '../commands/index.ts';
import { newEntityId } from '../employees/entity-id.ts';
import type { EventStore, IdGenerator } from '../ports/index.ts';
import type { CheckStateCommands } from './check-state-commands.ts';
import { serverGroupRef, serverParentRef } from './monitoring-lookups.ts';
import { derivedPushToken, newPushToken } from './push-token.ts';
import type { ServerGroupMembers } from './server-group-members.ts';
import { makeServerNameClaims } from './server-name-claims.ts';
import type { UnsentCommand } from './unsent-command.ts';

export interface ServerCommandsDeps {
  readonly store: EventStore;
  readonly ids: IdGenerator;
  readonly checkStates: CheckStateCommands;
  /**
   * The nodes' shared secret a push token is derived from when the command has an idempotency key, so that
   * its retry answers the same token; without it every push token is random and a retry answers none.
   */
  readonly pushTokenSecret?: string | undefined;
  /** Counts a group's servers, so that a full group takes no more (absent: not counted). */
  readonly members?: ServerGroupMembers | undefined;
}

/** A check's definition as an interface brings it: a push check's token is made here. */
export type NewCheckDefinition = Exclude<CheckDefinitionInput, { kind: 'push' }> | { readonly kind: 'push' };

export interface NewCheck {
  readonly definition: NewCheckDefinition;
  readonly timing: CheckTiming;
}

export interface NewServer {
  readonly name: string;
  readonly host: string;
  readonly groupId?: string | null | undefined;
  readonly parentId?: string | null | undefined;
  readonly checks: readonly NewCheck[];
}

/** The parts of a server a change may name; a part not given stays. */
export interface ServerChange {
  readonly name?: string | undefined;
  readonly host?: string | undefined;
  /** Another group, or `null`: none. */
  readonly groupId?: string | null | undefined;
  /** Another parent, or `null`: none. */
  readonly parentId?: string | null | undefined;
}

/**
 * A push check's token, returned when the check is made, and again by a retry of the same command when the
 * token was derived from its idempotency key (see `pushTokenSecret`).
 */
export interface IssuedPushToken {
  readonly checkId: string;
  readonly token: string;
}

export type ServerCommandResult = CommandResult<ServerEvent> & {
  readonly serverId: string;
  readonly pushTokens: readonly IssuedPushToken[];
};

/** A token made for a command, with the digest its check stores. */
type MadePushToken = IssuedPushToken & { readonly digest: string };

/**
 * The servers' commands. What a decider cannot see on the server's stream (its group's status, the chain of
 * parents) is read here and passed in the command. Pausing, resuming and removing also go to each check's
 * state stream, after the server's own append, so that a retry completes what a crash cut short.
 */
export function makeServerCommands(deps: ServerCommandsDeps) {
  const { store, ids, checkStates, pushTokenSecret, members } = deps;
  const names = makeServerNameClaims(store);
  const handle = makeCommandHandler({
    store,
    decider: serverDecider,
    streamId: (c) => serverStreamId(c.data.serverId),
  });
  const group = async (groupId: string | null | undefined) => {
    if (groupId === null || groupId === undefined) return null;
    const ref = await serverGroupRef(store, groupId);
    // Counted from the read model: a burst of joins may pass the bound by the few not yet projected.
    return members === undefined ? ref : { ...ref, servers: await members.countServers(groupId) };
  };
  const parent = (parentId: string | null | undefined) =>
    parentId === null || parentId === undefined ? Promise.resolve(null) : serverParentRef(store, parentId);

  const run = async (
    command: UnsentCommand<ServerCommand>,
    write: CommandContext,
    made: readonly MadePushToken[] = [],
  ): Promise<ServerCommandResult> => {
    const result = await handle({ ...command, metadata: write.metadata }, handleOptions(write));
    const { serverId } = command.data;
    const issued = (tokens: readonly MadePushToken[]) =>
      tokens.map(({ checkId, token }) => ({ checkId, token }));
    if (!result.duplicate || made.length === 0) return { ...result, serverId, pushTokens: issued(made) };
    // A retry answers only the tokens the first append stored (a derived token is the same each time).
    const state = await loadState(serverId);
    const stored = new Set(
      state.status === 'none'
        ? []
        : state.checks.flatMap(({ definition }) =>
            definition.kind === 'push' ? [definition.tokenDigest] : [],
          ),
    );
    return { ...result, serverId, pushTokens: issued(made.filter(({ digest }) => stored.has(digest))) };
  };

  /** The definition the decider takes, with a new token for a new push check (or the one it has kept). */
  const definitionOf = (
    checkId: string,
    definition: NewCheckDefinition,
    write: CommandContext,
    kept?: CheckDefinition,
  ) => {
    if (definition.kind !== 'push') return { definition, token: null };
    if (kept?.kind === 'push') return { definition: kept, token: null };
    const key = write.idempotencyKey;
    const { token, digest } =
      pushTokenSecret === undefined || key === undefined
        ? newPushToken()
        : derivedPushToken(pushTokenSecret, key, checkId);
    return { definition: { kind: 'push', tokenDigest: digest } as const, token: { checkId, token, digest } };
  };

  const specsOf = (checks: readonly NewCheck[], write: CommandContext, prefix: string) => {
    const specs: CheckSpecInput[] = [];
    const tokens: MadePushToken[] = [];
    checks.forEach((check, index) => {
      const checkId = newEntityId(ids, `${prefix}-check-${index}`, write);
      const { definition, token } = definitionOf(checkId, check.definition, write);
      specs.push({ checkId, definition, timing: check.timing });
      if (token) tokens.push(token);
    });
    return { specs, tokens };
  };

  const loadState = async (serverId: string): Promise<ServerState> =>
    (await aggregateStream(store, serverDecider, serverStreamId(serverId))).state;

  const checksOf = async (serverId: string) => {
    const state = await loadState(serverId);
    return state.status === 'none' ? [] : state.checks.map(({ checkId }) => ({ checkId, serverId }));
  };

  return {
    async register(server: NewServer, write: CommandContext): Promise<ServerCommandResult> {
      const serverId = newEntityId(ids, 'server', write);
      const { specs, tokens } = specsOf(server.checks, write, 'server');
      const data = {
        serverId,
        name: server.name,
        host: server.host,
        group: await group(server.groupId),
        parent: await parent(server.parentId),
        checks: specs,
      };
      // Decided first on a new server, so that a refused registration claims no name.
      const command = { type: 'RegisterServer', data, metadata: write.metadata } as const;
      for (const event of serverDecider.decide(command, serverDecider.initialState())) {
        if (event.type === 'ServerRegistered') await names.claim(event.data.name, serverId, write);
      }
      return run({ type: 'RegisterServer', data }, write, tokens);
    },

    /**
     * Renames the server (its new name claimed, the old released), moves it to another host, another group or
     * parent, any of them in one append: every part is decided before anything is written, so a refused part
     * (a cyclic parent, a full group, a taken name) leaves the server as it was.
     */
    async change(serverId: string, change: ServerChange, write: CommandContext) {
      const data = {
        serverId,
        ...(change.name === undefined ? {} : { name: change.name }),
        ...(change.host === undefined ? {} : { host: change.host }),
        ...(change.groupId === undefined ? {} : { group: await group(change.groupId) }),
        ...(change.parentId === undefined ? {} : { parent: await parent(change.parentId) }),
      };
      // A retry of a change that was written answers it, even if the server has moved on since (a part that
      // would be refused now must not turn a committed write into a failure).
      const key = write.idempotencyKey;
      if (key !== undefined && (await store.findAppend(key)) !== null) {
        const answer = await run({ type: 'ChangeServer', data }, write);
        // The first attempt may have ended between its append and giving the old name back.
        await names.releaseStale(serverId, write);
        return answer;
      }
      const command = { type: 'ChangeServer', data, metadata: write.metadata } as const;
      const newName = serverDecider
        .decide(command, await loadState(serverId))
        .flatMap((event) => (event.type === 'ServerRenamed' ? [event.data.to] : []))[0];
      if (newName !== undefined) await names.claim(newName, serverId, write);
      let result: ServerCommandResult;
      try {
        result = await run({ type: 'ChangeServer', data }, write);
      } catch (error) {
        // Refused on a fresh read (a concurrent change): the name claimed for it goes back.
        if (newName !== undefined) await names.releaseUnheld(newName, serverId, write);
        throw error;
      }
      await names.releaseStale(serverId, write);
      return result;
    },

    async addCheck(serverId: string, check: NewCheck, write: CommandContext) {
      const { specs, tokens } = specsOf([check], write, `server-${serverId}`);
      const [spec] = specs;
      if (spec === undefined) throw new Error('specsOf returns one spec per check');
      return {
        ...(await run({ type: 'AddCheck', data: { serverId, check: spec } }, write, tokens)),
        checkId: spec.checkId,
      };
    },

    /** A push check keeps its token; a check made a push check gets one. */
    async changeCheck(serverId: string, checkId: string, check: NewCheck, write: CommandContext) {
      const state = await loadState(serverId);
      const current =
        state.status === 'none' ? undefined : state.checks.find((candidate) => candidate.checkId === checkId);
      const { definition, token } = definitionOf(checkId, check.definition, write, current?.definition);
      const data = { serverId, checkId, definition, timing: check.timing };
      return run({ type: 'ChangeCheck', data }, write, token ? [token] : []);
    },

    /** Removes the check and ends its state (an open incident closes silently); a retry ends it too. */
    async removeCheck(serverId: string, checkId: string, write: CommandContext) {
      const result = await run({ type: 'RemoveCheck', data: { serverId, checkId } }, write);
      const { state, events } = await aggregateStream(store, serverDecider, serverStreamId(serverId));
      const removed = events.some((event) => event.type === 'CheckRemoved' && event.data.checkId === checkId);
      const current = state.status !== 'none' && state.checks.some((check) => check.checkId === checkId);
      if (removed && !current) await checkStates.retire({ checkId, serverId }, write);
      return result;
    },

    async pause(serverId: string, write: CommandContext) {
      const result = await run({ type: 'PauseServer', data: { serverId } }, write);
      for (const check of await checksOf(serverId)) await checkStates.pause(check, write);
      return result;
    },

    async resume(serverId: string, write: CommandContext) {
      const result = await run({ type: 'ResumeServer', data: { serverId } }, write);
      for (const check of await checksOf(serverId)) await checkStates.resume(check, write);
      return result;
    },

    async moveToGroup(serverId: string, groupId: string | null, write: CommandContext) {
      return run({ type: 'MoveServerToGroup', data: { serverId, group: await group(groupId) } }, write);
    },

    /** Makes the server depend on `parentId` (its DOWN alerts are held back while the parent is down), or none. */
    async setParent(serverId: string, parentId: string | null, write: CommandContext) {
      return run({ type: 'SetServerParent', data: { serverId, parent: await parent(parentId) } }, write);
    },

    /** Removes the server for good, releases its name and ends its checks' states. */
    async remove(serverId: string, write: CommandContext) {
      const result = await run({ type: 'RemoveServer', data: { serverId } }, write);
      await names.releaseStale(serverId, write);
      for (const check of await checksOf(serverId)) await checkStates.retire(check, write);
      return result;
    },
  };
}

export type ServerCommands = ReturnType<typeof makeServerCommands>;
