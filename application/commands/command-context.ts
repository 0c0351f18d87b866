import type { Actor, EventMetadata } from '../../domain/shared/index.ts';
import type { HandleOptions } from './command-handler.ts';

/**
 * What an interface (HTTP, the bot, the CLI, an import, the system itself) hands a command: the metadata its
 * events carry and, when the interface has one, the key that names the command so that a retry appends
 * nothing twice (`http:…`, `telegram:<bot id>:<update_id>`).
 */
export interface CommandContext {
  readonly metadata: EventMetadata;
  readonly idempotencyKey?: string;
}

/** Where a command comes from: who, through which interface, when, in which correlation, and why. */
export interface CommandOrigin {
  readonly actor: Actor;
  /** `http`, `telegram`, `cli`, `import`, `system`. */
  readonly source: string;
  /** The correlation the command starts (a request id, an update's key, a fresh UUID); it is its own cause. */
  readonly correlationId: string;
  /** When the interface accepted the command: its clock, never the domain's. */
  readonly occurredAt: Date;
  readonly reason?: string;
  readonly idempotencyKey?: string;
}

/** The context of a root command: the one place its event metadata is put together. */
export function commandContext(origin: CommandOrigin): CommandContext {
  const { actor, source, correlationId, occurredAt, reason, idempotencyKey } = origin;
  const metadata: EventMetadata = {
    actor,
    correlationId,
    causationId: correlationId,
    source,
    occurredAt: occurredAt.toISOString(),
    ...(reason === undefined ? {} : { reason }),
  };
  return idempotencyKey === undefined ? { metadata } : { metadata, idempotencyKey };
}

/**
 * The handler options of a command's append. `part` names one of several appends of one command (the
 * `hostname-claim` of a workstation's registration), which needs a key of its own: `<key>:<part>`.
 */
export function handleOptions(context: CommandContext, part?: string): HandleOptions {
  const key = context.idempotencyKey;
  if (key === undefined) return {};
  return { idempotencyKey: part === undefined ? key : `${key}:${part}` };
}
