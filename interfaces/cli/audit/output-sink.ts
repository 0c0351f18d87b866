import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Standard output for a stream of results: waits when the reader is slow, stops quietly when it leaves. */
export interface OutputSink {
  /**
   * Writes `text`, waiting for `drain` when the stream's buffer is full, so that a large listing never piles
   * up in memory. Resolves false once the reader is gone (`| head`): the caller stops reading the log.
   */
  write(text: string): Promise<boolean>;
  readonly closed: boolean;
  dispose(): void;
}

export function outputSink(stream: Writable = process.stdout): OutputSink {
  let closed = false;
  let failure: Error | null = null;
  const gone = new AbortController();
  const onError = (error: NodeJS.ErrnoException) => {
    closed = true;
    // EPIPE: the reader closed its end; anything else is a real failure, thrown on the next write.
    if (error.code !== 'EPIPE') failure = error;
    gone.abort();
  };
  stream.on('error', onError);
  const throwFailure = () => {
    if (failure) throw failure;
  };
  return {
    get closed() {
      return closed;
    },
    async write(text) {
      throwFailure();
      if (closed || text === '') return !closed;
      if (!stream.write(text)) {
        await once(stream, 'drain', { signal: gone.signal }).catch(() => undefined);
      }
      throwFailure();
      return !closed;
    },
    dispose() {
      stream.off('error', onError);
    },
  };
}
