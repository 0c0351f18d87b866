import type { Context } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Checkpoint } from '../../application/ports/index.ts';
import { API_PREFIX } from './api/api-prefix.ts';

/** What every write command returns that the answer needs: enough to speak of the write without a read model. */
export interface CommittedResult {
  /** The append's checkpoint; `null` when the command changed nothing. */
  readonly checkpoint: Checkpoint | null;
  readonly events: readonly { readonly type: string }[];
  readonly duplicate: boolean;
}

/**
 * The body of a 202: the write is committed, the read model does not show it yet. Built from the command's
 * own result (the events it recorded), never from the read model.
 */
export const AcceptedWrite = z.object({
  status: z.literal('accepted'),
  id: z.string().describe('The id of what was written'),
  location: z
    .string()
    .describe('Where to read it (also in the `Location` header): poll until it answers 200'),
  events: z
    .array(z.string())
    .describe('The types of the events this request recorded (none for a retry or a change of nothing)'),
  duplicate: z.boolean().describe('A retry with the same `Idempotency-Key`: the first request wrote'),
});
export type AcceptedWrite = z.infer<typeof AcceptedWrite>;

/** The 202 every write operation documents beside its 200/201. */
export const ACCEPTED_RESPONSE = {
  202: {
    description:
      'Committed, but the read model did not show it within its bound (or failed to be read): the body says what ' +
      'was recorded; `Location` answers the result once the read model has it. Never a failure: do not retry.',
    schema: AcceptedWrite,
  },
} as const;

export interface CommittedAnswer<T> {
  readonly result: CommittedResult;
  readonly id: string;
  /** The path under `/api/v1` that reads what was written (`/employees/<id>`). */
  readonly path: string;
  /** 200 or 201 when the read model shows the write. */
  readonly status: number;
  /** Read-your-writes: `true` once the read model has applied the checkpoint, `false` at its bound. */
  readonly waitFor: (checkpoint: Checkpoint) => Promise<boolean>;
  /** Reads what was written from the read model (`null` or `undefined` when it does not have it). */
  readonly read: () => Promise<T | null | undefined>;
}

/**
 * Answers a write whose append has committed. The rule of every write route: wait for the read model up to its
 * bound, then read it; when it has the write, answer it (200/201); when it does not yet (the wait timed out, the
 * row is missing, or reading it failed, say the database went away after the commit), answer 202 with
 * `Location` and the command's own result. So a committed write is never answered as a failure, nor with the
 * state from before it. Returns what the read model showed, `null` for a 202.
 */
export async function answerCommitted<T>(ctx: Context, answer: CommittedAnswer<T>): Promise<T | null> {
  const { result } = answer;
  try {
    const reached = result.checkpoint === null || (await answer.waitFor(result.checkpoint));
    const shown = reached ? await answer.read() : null;
    if (shown !== null && shown !== undefined) {
      ctx.status = answer.status;
      ctx.body = shown;
      return shown;
    }
  } catch (error) {
    requestLogger(ctx)?.warn(
      { err: error, id: answer.id },
      'the write committed but its read model could not be read: answered 202',
    );
  }
  answerAccepted(ctx, answer.path, acceptedWrite(answer.id, answer.path, result));
  return null;
}

/** The 202 body of a committed result. */
export function acceptedWrite(id: string, path: string, result: CommittedResult): AcceptedWrite {
  return {
    status: 'accepted',
    id,
    location: `${API_PREFIX}${path}`,
    events: result.events.map((event) => event.type),
    duplicate: result.duplicate,
  };
}

/** 202 with `Location` (the path under `/api/v1`) and `body`. */
export function answerAccepted(ctx: Context, path: string, body: unknown): void {
  ctx.status = 202;
  ctx.set('Location', `${API_PREFIX}${path}`);
  ctx.body = body;
}

/** The request's logger, when `requestContext` put one on the request. */
export function requestLogger(ctx: Context): Logger | undefined {
  return ctx.state['logger'] as Logger | undefined;
}
