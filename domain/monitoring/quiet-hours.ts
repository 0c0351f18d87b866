import type { QuietHours } from './server-group-settings.ts';

/** `HH:MM` of `at` on the wall clock of `timeZone`. */
function wallClock(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: 'hour' | 'minute') => parts.find((candidate) => candidate.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}

/**
 * Whether `at` falls in a group's quiet hours (from inclusive, until exclusive, on the group's wall clock;
 * across midnight when `from` is after `until`): the reactor then sends the alert without a sound.
 */
export function isQuietAt(quietHours: QuietHours | null, at: Date): boolean {
  if (quietHours === null) return false;
  const time = wallClock(at, quietHours.timeZone);
  const { from, until } = quietHours;
  return from < until ? from <= time && time < until : time >= from || time < until;
}
