import type { AppendFence, ExpectedRevision } from './event-store.ts';

/** An append whose expected revision did not match the stream; the command may be retried on fresh state. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or `'no_stream'`. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream "${streamId}": expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** An append fenced on a partition epoch that moved on (another node claimed the partition): nothing written. */
export class FencedAppendError extends Error {
  override readonly name = 'FencedAppendError';
  readonly code = 'EVENT_STORE.FENCED';

  constructor(
    readonly streamId: string,
    readonly fence: AppendFence,
  ) {
    super(`Stream "${streamId}": partition ${fence.partition} is no longer at epoch ${fence.epoch}`);
  }
}
