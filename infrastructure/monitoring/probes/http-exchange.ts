import http from 'node:http';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import { connectLookup, type NameLookup } from './name-lookup.ts';

/** One request and its response head; the caller reads or discards the body. */
export interface HttpExchange {
  readonly response: http.IncomingMessage;
  /** The server certificate's end (ISO 8601), when the hop was TLS. */
  readonly tlsValidTo?: string;
}

export interface HttpRequestOptions {
  readonly method: 'GET' | 'HEAD';
  readonly ignoreTlsErrors: boolean;
  readonly signal: AbortSignal;
  readonly lookup: NameLookup;
}

/**
 * Sends one request on a connection of its own (no pooling: every check measures a real connect and reads
 * the certificate the server presents now) and resolves with the response head. Rejects on a network,
 * TLS or protocol error, or when the signal fires.
 */
export function exchange(url: URL, options: HttpRequestOptions): Promise<HttpExchange> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<HttpExchange>((resolve, reject) => {
    const request = client.request(url, {
      method: options.method,
      agent: false,
      signal: options.signal,
      lookup: connectLookup(options.lookup, options.signal),
      rejectUnauthorized: !options.ignoreTlsErrors,
      headers: { 'user-agent': 'TBot-monitoring', accept: '*/*', connection: 'close' },
    });
    // kept for the request's life: an abort after the response (the deadline, mid-body) errors it again
    request.on('error', reject);
    request.once('response', (response) => {
      const validTo = certificateEnd(response.socket);
      resolve(validTo === undefined ? { response } : { response, tlsValidTo: validTo });
    });
    request.end();
  });
}

function certificateEnd(socket: unknown): string | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const validTo = socket.getPeerCertificate().valid_to;
  if (typeof validTo !== 'string') return undefined;
  const end = new Date(validTo);
  return Number.isNaN(end.getTime()) ? undefined : end.toISOString();
}
