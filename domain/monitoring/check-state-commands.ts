import type { Command } from '../shared/index.ts';
import type { ParentDown } from './check-state-events.ts';

/** One probe result for one time slot of a check, with what the decision needs beside it. */
export interface ProbeObservation {
  /** `Math.floor(epochMs / (intervalSeconds * 1000))` of the run's planned start. */
  readonly slot: number;
  /** When the probe ran (ISO 8601). */
  readonly at: string;
  readonly status: 'up' | 'down';
  /** Why it is down (the probe's message); ignored when up. */
  readonly error: string | null;
  /** The check's `timing.retries` now: failures in a row that stay PENDING. */
  readonly retries: number;
  /** An https check's certificate end (ISO 8601), as the probe read it. */
  readonly tlsValidTo?: string;
  /** Up, but the certificate ends within the check's warning days. */
  readonly tlsExpiring?: boolean;
  /** The server's parent, when it is down now (read by the application); `null` otherwise. */
  readonly parentDown: ParentDown | null;
}

interface CheckRef {
  readonly checkId: string;
  readonly serverId: string;
}

export type RecordProbeResult = Command<'RecordProbeResult', CheckRef & { readonly probe: ProbeObservation }>;
export type StartMaintenance = Command<'StartMaintenance', CheckRef & { readonly windowId: string }>;
/**
 * `probe`: a result taken as the window ended, evaluated at once when no other window is still on; `null`:
 * the next result decides.
 */
export type EndMaintenance = Command<
  'EndMaintenance',
  CheckRef & { readonly windowId: string; readonly probe: ProbeObservation | null }
>;
export type PauseCheck = Command<'PauseCheck', CheckRef>;
export type ResumeCheck = Command<'ResumeCheck', CheckRef>;
export type AcknowledgeIncident = Command<'AcknowledgeIncident', CheckRef & { readonly incidentId: string }>;
export type RetireCheck = Command<'RetireCheck', CheckRef>;

export type CheckStateCommand =
  | RecordProbeResult
  | StartMaintenance
  | EndMaintenance
  | PauseCheck
  | ResumeCheck
  | AcknowledgeIncident
  | RetireCheck;
