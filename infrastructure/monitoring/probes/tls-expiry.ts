const DAY_MS = 86_400_000;

/**
 * The warning an up https check carries when its certificate ends within the check's warning days (or has
 * ended: a check that ignores TLS errors still hears about it); null when there is nothing to warn of.
 */
export function tlsExpiryWarning(
  validTo: string,
  warningDays: number | undefined,
  nowMs: number,
): string | null {
  if (warningDays === undefined) return null;
  const left = Date.parse(validTo) - nowMs;
  if (left > warningDays * DAY_MS) return null;
  if (left <= 0) return `TLS certificate expired on ${validTo.slice(0, 10)}`;
  const days = Math.round(left / DAY_MS);
  const when = left < DAY_MS ? 'within a day' : days === 1 ? 'in 1 day' : `in ${days} days`;
  return `TLS certificate ends ${when} (${validTo.slice(0, 10)})`;
}
