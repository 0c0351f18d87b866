import type { SettingValue } from '../../../domain/settings/index.ts';

export const OTRS_ESCALATION_WARN_SETTING = 'otrs.escalationWarnMinutes';
const DEFAULT_MINUTES = 60;

/** `otrs.escalationWarnMinutes` in seconds, as `RecordTicketObservation` takes it, read at each call. */
export function escalationWarnSecondsOf(settings: {
  current(): Readonly<Record<string, SettingValue>>;
}): () => number {
  return () => {
    const minutes = settings.current()[OTRS_ESCALATION_WARN_SETTING];
    return (typeof minutes === 'number' ? minutes : DEFAULT_MINUTES) * 60;
  };
}
