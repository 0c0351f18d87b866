/** A sample of a counter that only grows: its total at a time. */
interface Sample {
  readonly at: number;
  readonly total: number;
}

/**
 * How much a growing counter grew in the last `windowMs`, from samples taken at each look: the growth since the
 * newest sample at or before the window's start (or the first one, for a node younger than the window). Keeps
 * only the samples the window needs, so it stays bounded however long the node runs.
 */
export function counterWindow(windowMs: number, start: { readonly at: number; readonly total: number }) {
  const samples: Sample[] = [start];
  return {
    /** Records `total` at `at` and answers the growth over the window ending then. */
    growth(at: number, total: number): number {
      samples.push({ at, total });
      const from = at - windowMs;
      // Drop a sample once the next one is already at or before the window's start.
      while (samples.length > 1 && (samples[1]?.at ?? Infinity) <= from) samples.shift();
      const first = samples[0] ?? { at, total };
      // A counter that went back (a registry reset) counts from zero again rather than negative.
      return total >= first.total ? total - first.total : total;
    },
  };
}
