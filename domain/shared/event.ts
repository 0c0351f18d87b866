/** Who caused a change. Every event names one (DESIGN.md, "Events"). */
export interface Actor {
  readonly kind: 'admin' | 'telegram' | 'system' | 'cli' | 'import';
  readonly id: string;
  readonly name: string;
}

/** Metadata carried by every event; it comes in with the command, never from a clock in the domain. */
export interface EventMetadata {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  /** Which interface produced the command: `http`, `telegram`, `cli`, `import`, `system`. */
  readonly source: string;
  /** ISO-8601 instant at which the command was accepted. */
  readonly occurredAt: string;
  readonly reason?: string;
}

/**
 * A domain event as the domain sees it: a type name and its data. Events are type-only discriminated unions:
 * `type EmployeeHired = Event<'EmployeeHired', { employeeId: string; ... }>`.
 */
export interface Event<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** The type name of any event in a union. */
export type EventType<E extends Event> = E['type'];
