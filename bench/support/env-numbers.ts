/** A bench setting from the environment: `fallback` when unset or empty, else a number in [min, max]. */
export function numberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a number in [${min}, ${max}], not "${raw}"`);
  }
  return value;
}

/** As {@link numberFromEnv}, for a count: a whole number in [min, max]. */
export function wholeNumberFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number in [${min}, ${max}], not "${raw}"`);
  }
  return value;
}
