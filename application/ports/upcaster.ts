/** An event as stored, before the domain sees it. */
export interface StoredEventShape {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * Turns an event of `type` at `fromVersion` into the next version. Old events stay as they were written;
 * upcasters run on every read, chained until no upcaster matches (DESIGN.md, "Events").
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: unknown) => unknown;
}

/** Applies upcasters in version order; an event with no matching upcaster is returned as it is. */
export function upcast(event: StoredEventShape, upcasters: readonly Upcaster[]): StoredEventShape {
  let current = event;
  for (let guard = 0; guard < 1000; guard += 1) {
    const next = upcasters.find((u) => u.type === current.type && u.fromVersion === current.schemaVersion);
    if (!next) return current;
    current = {
      type: current.type,
      schemaVersion: current.schemaVersion + 1,
      data: next.upcast(current.data),
    };
  }
  throw new Error(`Upcaster loop for ${event.type} v${event.schemaVersion}`);
}
