/**
 * How Znuny writes a time: the server's wall clock, `YYYY-MM-DD HH:MM:SS`, no zone. Written here on its own
 * (not with the client's formatter) so that a mistake in the client's time-zone handling shows in tests
 * instead of cancelling out.
 */
export function serverLocalText(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}
