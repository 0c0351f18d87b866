import type { IncomingMessage } from 'node:http';

export interface ReadBody {
  readonly text: string;
  /** The body went on past the limit and was cut there. */
  readonly cut: boolean;
}

/**
 * Reads a response body up to `maxBytes`, then destroys the response: a target streaming a gigabyte costs
 * at most the limit (plus what the socket had buffered). Rejects when the connection fails or the signal
 * fires mid-body. Decoded as UTF-8 (a keyword or a JSON answer is looked for in text).
 */
export function readBodyUpTo(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
): Promise<ReadBody> {
  return new Promise<ReadBody>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let settled = false;
    const settle = (outcome: { body: ReadBody } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      response.removeAllListeners('data');
      response.destroy();
      if ('body' in outcome) resolve(outcome.body);
      else reject(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
    };
    const text = (cut: boolean): ReadBody => ({ text: Buffer.concat(chunks).toString('utf8'), cut });
    const onAbort = () => settle({ error: signal.reason });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => {
      const room = maxBytes - length;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        length = maxBytes;
        settle({ body: text(true) });
        return;
      }
      chunks.push(chunk);
      length += chunk.length;
    });
    response.once('end', () => settle({ body: text(false) }));
    response.once('error', (error) => settle({ error }));
    response.once('close', () => {
      if (!response.complete) settle({ error: new Error('the target closed the connection mid-body') });
    });
  });
}
