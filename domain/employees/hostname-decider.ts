import { type Decider, DomainError, assertNever } from '../shared/index.ts';
import type { HostnameCommand } from './workstation-commands.ts';
import type { HostnameEvent } from './workstation-events.ts';

/** Who holds a host name, on its claim stream. */
export type HostnameState =
  { readonly status: 'free' } | { readonly status: 'claimed'; readonly workstationId: string };

/**
 * The claim of one host name (`workstation-hostname-<hostname>`): at most one active workstation holds it.
 * Claiming what one already holds and releasing what one does not hold change nothing, so a retried
 * registration or rename can simply run its claims again. Appended with the expected revision, two
 * concurrent claims cannot both win.
 */
export const hostnameDecider: Decider<HostnameCommand, HostnameEvent, HostnameState> = {
  initialState: () => ({ status: 'free' }),

  evolve: (_state, event) => {
    switch (event.type) {
      case 'HostnameClaimed':
        return { status: 'claimed', workstationId: event.data.workstationId };
      case 'HostnameReleased':
        return { status: 'free' };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { hostname, workstationId } = command.data;
    switch (command.type) {
      case 'ClaimHostname':
        if (state.status === 'free') return [{ type: 'HostnameClaimed', data: { hostname, workstationId } }];
        if (state.workstationId === workstationId) return [];
        throw new DomainError('WORKSTATION.HOSTNAME_TAKEN', `Host name ${hostname} is taken`, {
          hostname,
          workstationId: state.workstationId,
        });
      case 'ReleaseHostname':
        return state.status === 'claimed' && state.workstationId === workstationId
          ? [{ type: 'HostnameReleased', data: { hostname, workstationId } }]
          : [];
      default:
        return assertNever(command);
    }
  },
};
