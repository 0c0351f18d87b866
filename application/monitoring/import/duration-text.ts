/** Seconds per unit a duration cell may name (none: seconds). */
const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  s: 1,
  sec: 1,
  с: 1,
  сек: 1,
  m: 60,
  min: 60,
  м: 60,
  мин: 60,
  h: 3600,
  ч: 3600,
};

/**
 * A duration cell in whole seconds: `60`, `60s`, `5m`, `1h`, `30 с`, `5 мин`; `null` when it is not one. A
 * number cell is seconds. Bounds are the caller's business (they differ per column).
 */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,7})\s*([a-zа-яё]*)\.?$/iu.exec(text.trim());
  if (!match?.[1]) return null;
  const unit = UNITS[(match[2] ?? '').toLowerCase()];
  return unit === undefined ? null : Number(match[1]) * unit;
}

/** A count cell (`retries`): a whole number, or `null`. */
export const parseCount = (text: string): number | null =>
  /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : null;
