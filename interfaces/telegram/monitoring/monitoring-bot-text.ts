import { findControlCharacter } from '../../../domain/shared/index.ts';
import type { CheckStateName, ServerStateName } from '../../../projections/monitoring/index.ts';
import type { TextKey, Translate } from '../i18n/index.ts';

/** A server name is at most 100 characters (the domain's bound): longer is no server's. */
const MAX_NAME_LENGTH = 100;

const STATES: Readonly<Record<CheckStateName, { readonly emoji: string; readonly key: TextKey }>> = {
  up: { emoji: '🟢', key: 'stateUp' },
  down: { emoji: '🔴', key: 'stateDown' },
  pending: { emoji: '🟡', key: 'statePending' },
  maintenance: { emoji: '🔧', key: 'stateMaintenance' },
  paused: { emoji: '⏸', key: 'statePaused' },
  unknown: { emoji: '⚪', key: 'stateUnknown' },
  retired: { emoji: '⚫', key: 'stateRetired' },
};

export const stateEmoji = (state: CheckStateName | ServerStateName): string => STATES[state].emoji;
export const stateName = (t: Translate, state: CheckStateName | ServerStateName): string =>
  t(STATES[state].key);

/** Times in UTC to the minute, as the alerts show them: the bot does not know the reader's zone. */
export const minuteOf = (at: string | Date): string =>
  `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A name typed after a command: trimmed, within the bound, no control characters; `null` otherwise. */
export function nameArgument(text: string): string | null {
  const name = text.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH || findControlCharacter(name)) return null;
  return name;
}

/** A ratio as a percentage with two decimals, `—` when nothing was recorded. */
export const percentOf = (ratio: number | null): string =>
  ratio === null ? '—' : `${(Math.floor(ratio * 10_000) / 100).toFixed(2)}%`;
