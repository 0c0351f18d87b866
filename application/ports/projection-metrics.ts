/** What the runner reports as it works; the prom-client adapter lives in infrastructure/metrics. */
export interface ProjectionMetrics {
  applied(projection: string, events: number, position: bigint): void;
  failed(projection: string): void;
  leaseHeld(projection: string, held: boolean): void;
  parked(projection: string, parked: boolean): void;
  /** The projector's `afterCatchUp` upkeep ran, and took `seconds`. */
  caughtUp(projection: string, seconds: number): void;
}

export const noProjectionMetrics: ProjectionMetrics = {
  applied: () => undefined,
  failed: () => undefined,
  leaseHeld: () => undefined,
  parked: () => undefined,
  caughtUp: () => undefined,
};
