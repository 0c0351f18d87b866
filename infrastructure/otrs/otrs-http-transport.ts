import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

/** What came back over HTTP, whatever it is. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** No HTTP answer: the time ran out, or the connection failed or was closed before the answer was whole. */
export class OtrsTransportError extends Error {
  override readonly name = 'OtrsTransportError';

  constructor(
    readonly kind: 'timeout' | 'connection' | 'too_large',
    message: string,
  ) {
    super(message);
  }
}

export interface TlsOptions {
  /** A PEM file of the CA(s) that signed OTRS's certificate, besides the system's. */
  readonly caFile?: string | undefined;
  /** Accept any certificate (a test system with a self-signed one); never in production. */
  readonly insecure?: boolean;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly url: URL;
  /** JSON, sent with `Content-Type: application/json`. */
  readonly body?: string;
  /** The whole exchange (connect, send, the answer's last byte) must fit in this. */
  readonly timeoutMs: number;
}

/** One HTTP exchange with OTRS; rejects with `OtrsTransportError` when there is no whole answer. */
export type HttpTransport = (request: HttpRequest) => Promise<HttpAnswer>;

/** An answer larger than this is cut off: a ticket with every article is rarely a tenth of it. */
export const MAX_ANSWER_BYTES = 20 * 1024 * 1024;

/**
 * The transport over Node's http/https with keep-alive, the given TLS trust, a deadline per exchange and a
 * bound on the answer's size. Errors carry the failure's code, never the URL (its query holds the session id).
 */
export function createHttpTransport(tls: TlsOptions = {}): HttpTransport {
  const ca = tls.caFile ? readFileSync(tls.caFile, 'utf8') : undefined;
  const httpsAgent = new https.Agent({
    keepAlive: true,
    rejectUnauthorized: !tls.insecure,
    // A `ca` replaces Node's trust store: keep its roots beside the given CA.
    ...(ca ? { ca: [...rootCertificates, ca] } : {}),
  });
  const httpAgent = new http.Agent({ keepAlive: true });

  return (request) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const secure = request.url.protocol === 'https:';
      const headers: Record<string, string | number> = { Accept: 'application/json' };
      if (request.body !== undefined) {
        headers['Content-Type'] = 'application/json; charset=utf-8';
        headers['Content-Length'] = Buffer.byteLength(request.body);
      }
      const req = (secure ? https : http).request(request.url, {
        method: request.method,
        headers,
        agent: secure ? httpsAgent : httpAgent,
      });
      let settled = false;
      const fail = (error: OtrsTransportError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new OtrsTransportError('timeout', `no answer within ${request.timeoutMs} ms`)),
        request.timeoutMs,
      );
      req.on('error', (error) => fail(new OtrsTransportError('connection', describe(error))));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES)
            fail(new OtrsTransportError('too_large', `answer over ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', (error) => fail(new OtrsTransportError('connection', describe(error))));
        res.on('aborted', () => fail(new OtrsTransportError('connection', 'answer cut off')));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) return fail(new OtrsTransportError('connection', 'answer cut off'));
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      req.end(request.body);
    });
}

/** The failure's code (`ECONNRESET`, `ECONNREFUSED`, a TLS code), or its message when it has none. */
function describe(error: Error): string {
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return code ?? error.message;
}
