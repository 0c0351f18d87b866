import { type Command, type Decider, DomainError, type Event, assertNever } from '../shared/index.ts';

/**
 * A server's name as its claim compares it: lower case, runs of spaces as one, so that `/server DB-1` finds
 * `db-1` and no two servers answer to one name. The name must already be normalised (`normalizeServerName`).
 */
export const serverNameKey = (name: string): string => name.toLowerCase().replace(/\s+/g, ' ');

/** The claim stream of a server name (its key): who holds it now. */
export const serverNameStreamId = (nameKey: string): string => `monitoring-name-${nameKey}`;

export type ServerNameClaimed = Event<'ServerNameClaimed', { nameKey: string; serverId: string }>;
export type ServerNameReleased = Event<'ServerNameReleased', { nameKey: string; serverId: string }>;
export type ServerNameEvent = ServerNameClaimed | ServerNameReleased;

export type ClaimServerName = Command<'ClaimServerName', { nameKey: string; serverId: string }>;
export type ReleaseServerName = Command<'ReleaseServerName', { nameKey: string; serverId: string }>;
export type ServerNameCommand = ClaimServerName | ReleaseServerName;

export type ServerNameState =
  { readonly status: 'free' } | { readonly status: 'claimed'; readonly serverId: string };

/**
 * The claim of one server name: at most one server (not removed) holds it. Claiming what one holds and
 * releasing what one does not hold change nothing, so a retried registration or rename runs its claims again.
 */
export const serverNameDecider: Decider<ServerNameCommand, ServerNameEvent, ServerNameState> = {
  initialState: () => ({ status: 'free' }),

  evolve: (_state, event) => {
    switch (event.type) {
      case 'ServerNameClaimed':
        return { status: 'claimed', serverId: event.data.serverId };
      case 'ServerNameReleased':
        return { status: 'free' };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { nameKey, serverId } = command.data;
    switch (command.type) {
      case 'ClaimServerName':
        if (state.status === 'free') return [{ type: 'ServerNameClaimed', data: { nameKey, serverId } }];
        if (state.serverId === serverId) return [];
        throw new DomainError('SERVER.NAME_TAKEN', `Another server is called "${nameKey}"`, {
          field: 'name',
          serverId: state.serverId,
        });
      case 'ReleaseServerName':
        return state.status === 'claimed' && state.serverId === serverId
          ? [{ type: 'ServerNameReleased', data: { nameKey, serverId } }]
          : [];
      default:
        return assertNever(command);
    }
  },
};
