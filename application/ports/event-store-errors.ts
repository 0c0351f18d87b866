import type { ExpectedRevision } from './event-store.ts';

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
