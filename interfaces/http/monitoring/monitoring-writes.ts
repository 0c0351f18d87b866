import type { CommandContext } from '../../../application/commands/index.ts';
import type { Checkpoint } from '../../../application/ports/index.ts';
import type { CommittedResult } from '../committed-write.ts';

/**
 * The context of one part of a request that runs several commands (a patch of a name and a route): a key
 * of its own (`<key>:<part>`), so that a retry of the request appends none of its parts twice.
 */
export const partOf = (write: CommandContext, part: string): CommandContext =>
  write.idempotencyKey === undefined
    ? write
    : { ...write, idempotencyKey: `${write.idempotencyKey}:${part}` };

/** The results of a request's commands, run one after another, as one answer speaks of them. */
export function combined(results: readonly CommittedResult[]): CommittedResult {
  let checkpoint: Checkpoint | null = null;
  // One after another: the last append's checkpoint covers the earlier ones.
  for (const result of results) checkpoint = result.checkpoint ?? checkpoint;
  return {
    checkpoint,
    events: results.flatMap((result) => result.events),
    duplicate: results.length > 0 && results.every((result) => result.duplicate),
  };
}
