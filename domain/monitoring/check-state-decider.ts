import { type Decider, DomainError, assertNever, blankControlCharacters } from '../shared/index.ts';
import type { CheckStateCommand, ProbeObservation } from './check-state-commands.ts';
import type {
  CertificateExpiring,
  CertificateRenewed,
  CheckOrigin,
  CheckStateEvent,
  ClosedIncident,
} from './check-state-events.ts';

/** An incident: the check is DOWN. */
export interface OpenIncident extends ClosedIncident {
  readonly failingSince: string;
  readonly acknowledged: boolean;
}

/**
 * Where a check stands. `lastSlot` and `lastAt`: the slot and the time of the last result that changed it. A
 * result not later than `lastAt` (an older observation, a stale scheduler's) changes nothing; time, unlike a
 * slot number, keeps its order when the check's interval changes. `certificateExpiresAt`: the end of a certificate that was warned about and
 * not renewed since.
 */
export type CheckState = CheckStatusState & { readonly certificateExpiresAt: string | null };

type CheckStatusState = { readonly lastSlot: number | null; readonly lastAt: string | null } & (
  | { readonly status: 'unknown'; readonly after: 'start' | 'maintenance' | 'paused' }
  | { readonly status: 'up'; readonly since: string }
  | {
      readonly status: 'pending';
      readonly failures: number;
      readonly failingSince: string;
      readonly firstError: string;
    }
  | { readonly status: 'down'; readonly incident: OpenIncident }
  | { readonly status: 'maintenance'; readonly windowIds: readonly string[] }
  | { readonly status: 'paused'; readonly windowIds: readonly string[] }
  | { readonly status: 'retired' }
);

/** How long an error text an event keeps; a probe's message is short, a target's answer is not quoted whole. */
export const MAX_ERROR_LENGTH = 500;

const errorText = (error: string | null): string => {
  const text = blankControlCharacters(error ?? '').trim();
  return text === '' ? 'down' : text.slice(0, MAX_ERROR_LENGTH);
};

/** The incident id of a check that went DOWN in `slot`: one per check and slot, the same on every node. */
export const incidentIdOf = (checkId: string, slot: number): string => `${checkId}:${slot}`;

const seconds = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

function originOf(state: CheckState & { status: 'unknown' | 'up' }): CheckOrigin {
  if (state.status === 'up') return 'up';
  return state.after === 'start' ? 'unknown' : state.after;
}

const closedIncidentOf = (state: CheckState): ClosedIncident | null =>
  state.status === 'down'
    ? {
        incidentId: state.incident.incidentId,
        downSince: state.incident.downSince,
        firstError: state.incident.firstError,
      }
    : null;

interface CheckRef {
  readonly checkId: string;
  readonly serverId: string;
}

/**
 * The heart of monitoring: what one probe result does to a check. Failures below the retries are PENDING
 * (silent); the one that reaches them is DOWN; a success after DOWN is a recovery; nothing is evaluated under
 * maintenance or while paused. A result that changes nothing yields nothing.
 */
function evaluate(state: CheckState, ref: CheckRef, probe: ProbeObservation): CheckStateEvent[] {
  if (state.status === 'maintenance' || state.status === 'paused' || state.status === 'retired') return [];
  if (state.lastAt !== null && Date.parse(probe.at) <= Date.parse(state.lastAt)) return [];
  // Only PENDING retries share a slot: once a result decided the slot UP or DOWN, another node's result for
  // it (a stale holder's, probed later than the live node's decision) is not a new observation.
  if (probe.slot === state.lastSlot && (state.status === 'up' || state.status === 'down')) return [];
  return [...evaluateStatus(state, ref, probe), ...evaluateCertificate(state, ref, probe)];
}

/**
 * An up result of an https check reports its certificate: the first that expires within the warning days
 * warns (once per certificate), the first after a renewal says so.
 */
function evaluateCertificate(state: CheckState, ref: CheckRef, probe: ProbeObservation): CheckStateEvent[] {
  const { tlsExpiring, tlsValidTo } = probe;
  if (probe.status !== 'up' || tlsExpiring === undefined || tlsValidTo === undefined) return [];
  const base = { ...ref, slot: probe.slot, at: probe.at, validTo: tlsValidTo };
  if (tlsExpiring) {
    return state.certificateExpiresAt === tlsValidTo ? [] : [{ type: 'CertificateExpiring', data: base }];
  }
  return state.certificateExpiresAt === null ? [] : [{ type: 'CertificateRenewed', data: base }];
}

/** A check whose results count (not under maintenance, paused or retired). */
type EvaluatedState = Extract<CheckState, { status: 'unknown' | 'up' | 'pending' | 'down' }>;

function evaluateStatus(state: EvaluatedState, ref: CheckRef, probe: ProbeObservation): CheckStateEvent[] {
  const base = { ...ref, slot: probe.slot, at: probe.at };
  if (probe.status === 'up') {
    switch (state.status) {
      case 'up':
        return [];
      case 'unknown':
        return [{ type: 'CheckWentUp', data: { ...base, from: originOf(state) } }];
      case 'pending':
        return [{ type: 'CheckWentUp', data: { ...base, from: 'pending' } }];
      case 'down': {
        const { incidentId, downSince, firstError, acknowledged } = state.incident;
        const downForSeconds = seconds(downSince, probe.at);
        return [
          {
            type: 'ServerRecovered',
            data: { ...base, incidentId, downSince, downForSeconds, firstError, acknowledged },
          },
        ];
      }
      default:
        return assertNever(state);
    }
  }
  const error = errorText(probe.error);
  const { retries, parentDown } = probe;
  const incidentId = incidentIdOf(ref.checkId, probe.slot);
  switch (state.status) {
    case 'down':
      return [];
    case 'unknown':
    case 'up':
      if (retries > 0) {
        return [
          {
            type: 'CheckWentPending',
            data: { ...base, failures: 1, retries, error, failingSince: probe.at },
          },
        ];
      }
      return [
        {
          type: 'ServerWentDown',
          data: {
            ...base,
            incidentId,
            from: originOf(state),
            error,
            failingSince: probe.at,
            firstError: error,
            parentDown,
          },
        },
      ];
    case 'pending': {
      const { failingSince, firstError } = state;
      if (state.failures < retries) {
        const failures = state.failures + 1;
        return [{ type: 'CheckWentPending', data: { ...base, failures, retries, error, failingSince } }];
      }
      return [
        {
          type: 'ServerWentDown',
          data: { ...base, incidentId, from: 'pending', error, failingSince, firstError, parentDown },
        },
      ];
    }
    default:
      return assertNever(state);
  }
}

/** The maintenance windows on: kept while paused, so that a pause inside a window does not end it. */
const windowIdsOf = (state: CheckState): readonly string[] =>
  state.status === 'maintenance' || state.status === 'paused' ? state.windowIds : [];

function evolve(state: CheckState, event: CheckStateEvent): CheckState {
  if (event.type === 'CertificateExpiring') {
    const { validTo, slot, at } = event.data;
    return { ...state, certificateExpiresAt: validTo, lastSlot: slot, lastAt: at };
  }
  if (event.type === 'CertificateRenewed') {
    return { ...state, certificateExpiresAt: null, lastSlot: event.data.slot, lastAt: event.data.at };
  }
  return { ...evolveStatus(state, event), certificateExpiresAt: state.certificateExpiresAt };
}

function evolveStatus(
  state: CheckState,
  event: Exclude<CheckStateEvent, CertificateExpiring | CertificateRenewed>,
): CheckStatusState {
  const { lastSlot, lastAt } = state;
  switch (event.type) {
    case 'CheckWentUp':
      return { status: 'up', since: event.data.at, lastSlot: event.data.slot, lastAt: event.data.at };
    case 'CheckWentPending': {
      const { failures, failingSince, error, slot, at } = event.data;
      const firstError = state.status === 'pending' ? state.firstError : error;
      return { status: 'pending', failures, failingSince, firstError, lastSlot: slot, lastAt: at };
    }
    case 'ServerWentDown': {
      const { incidentId, at, failingSince, firstError, slot } = event.data;
      const incident = { incidentId, downSince: at, failingSince, firstError, acknowledged: false };
      return { status: 'down', incident, lastSlot: slot, lastAt: at };
    }
    case 'ServerRecovered':
      return { status: 'up', since: event.data.at, lastSlot: event.data.slot, lastAt: event.data.at };
    case 'MaintenanceStarted': {
      const before = windowIdsOf(state);
      const windowIds = [...before, event.data.windowId];
      if (state.status === 'paused') return { status: 'paused', windowIds, lastSlot, lastAt };
      return { status: 'maintenance', windowIds, lastSlot, lastAt };
    }
    case 'MaintenanceEnded': {
      const windowIds = event.data.remainingWindowIds;
      if (state.status === 'paused') return { status: 'paused', windowIds, lastSlot, lastAt };
      return windowIds.length > 0
        ? { status: 'maintenance', windowIds, lastSlot, lastAt }
        : { status: 'unknown', after: 'maintenance', lastSlot, lastAt };
    }
    case 'CheckPaused':
      return { status: 'paused', windowIds: windowIdsOf(state), lastSlot, lastAt };
    case 'CheckResumed': {
      const windowIds = event.data.windowIds ?? [];
      return windowIds.length > 0
        ? { status: 'maintenance', windowIds, lastSlot, lastAt }
        : { status: 'unknown', after: 'paused', lastSlot, lastAt };
    }
    case 'IncidentAcknowledged':
      return state.status === 'down'
        ? { ...state, incident: { ...state.incident, acknowledged: true } }
        : state;
    case 'CheckRetired':
      return { status: 'retired', lastSlot, lastAt };
    default:
      return assertNever(event);
  }
}

/**
 * The state of one check (`monitoring-check-<checkId>`): UP, PENDING n, DOWN with its incident, MAINTENANCE,
 * PAUSED, fed by probe results and by the maintenance windows, the server's pause and removal, and an
 * acknowledgement. Only changes of state are events; alerts are `ServerWentDown` and `ServerRecovered`.
 */
export const checkStateDecider: Decider<CheckStateCommand, CheckStateEvent, CheckState> = {
  initialState: () => ({
    status: 'unknown',
    after: 'start',
    lastSlot: null,
    lastAt: null,
    certificateExpiresAt: null,
  }),

  evolve,

  decide: (command, state) => {
    const { checkId, serverId } = command.data;
    const ref = { checkId, serverId };
    const at = command.metadata.occurredAt;
    switch (command.type) {
      case 'RecordProbeResult':
        return evaluate(state, ref, command.data.probe);
      case 'StartMaintenance': {
        const { windowId } = command.data;
        if (state.status === 'retired' || windowIdsOf(state).includes(windowId)) return [];
        let from: CheckOrigin | 'down';
        if (state.status === 'unknown' || state.status === 'up') from = originOf(state);
        else from = state.status;
        const closedIncident = closedIncidentOf(state);
        return [{ type: 'MaintenanceStarted', data: { ...ref, windowId, at, from, closedIncident } }];
      }
      case 'EndMaintenance': {
        const { windowId, probe } = command.data;
        if (state.status !== 'maintenance' && state.status !== 'paused') return [];
        if (!state.windowIds.includes(windowId)) return [];
        const remainingWindowIds = state.windowIds.filter((id) => id !== windowId);
        const ended: CheckStateEvent = {
          type: 'MaintenanceEnded',
          data: { ...ref, windowId, at, remainingWindowIds },
        };
        if (remainingWindowIds.length > 0 || probe === null || state.status === 'paused') return [ended];
        return [ended, ...evaluate(evolve(state, ended), ref, probe)];
      }
      case 'PauseCheck':
        if (state.status === 'paused' || state.status === 'retired') return [];
        return [{ type: 'CheckPaused', data: { ...ref, at, closedIncident: closedIncidentOf(state) } }];
      case 'ResumeCheck':
        if (state.status !== 'paused') return [];
        return [{ type: 'CheckResumed', data: { ...ref, at, windowIds: state.windowIds } }];
      case 'AcknowledgeIncident': {
        const { incidentId } = command.data;
        if (state.status !== 'down' || state.incident.incidentId !== incidentId) {
          throw new DomainError('INCIDENT.NOT_OPEN', `Incident ${incidentId} is not open`, { incidentId });
        }
        if (state.incident.acknowledged) return [];
        return [{ type: 'IncidentAcknowledged', data: { ...ref, incidentId, at } }];
      }
      case 'RetireCheck':
        if (state.status === 'retired') return [];
        return [{ type: 'CheckRetired', data: { ...ref, at, closedIncident: closedIncidentOf(state) } }];
      default:
        return assertNever(command);
    }
  },
};
