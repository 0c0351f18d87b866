import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP(S) server on 127.0.0.1 that misbehaves on demand, by path:
 * - `/health` answers 200 "all good" until `fail()`, then 503;
 * - `/status/N` answers status N; `/json` a JSON document; `/text` a page with a known word;
 * - `/hang` accepts the request and never answers; `/stall` sends the head and a little body, then nothing;
 *   `/reset` sends the head and a little body, then drops the connection;
 * - `/gigabyte` streams a gigabyte ("TBot" over and over), honouring backpressure;
 * - `/loop` redirects to itself forever; `/redirect/N` redirects N times, then lands on `/health`.
 */
export interface HttpTarget {
  readonly url: string;
  fail(): void;
  recover(): void;
  /** Bytes the server managed to write of `/gigabyte` bodies before the client went away. */
  gigabyteBytesSent(): number;
  /** Requests in progress now (hanging ones included), and the most ever at once. */
  inProgress(): number;
  maxInProgress(): number;
  requests(path: string): number;
  close(): Promise<void>;
}

export const JSON_DOCUMENT = {
  status: { db: 'ok', queue: 'degraded' },
  items: [{ state: 'ready' }],
  count: 3,
};
export const TEXT_PAGE = '<html><body>Welcome to the intranet. All systems nominal.</body></html>';
const GIGABYTE = 1024 ** 3;

export async function startHttpTarget(tls?: { key: string; cert: string }): Promise<HttpTarget> {
  let failing = false;
  let gigabyteSent = 0;
  let inProgress = 0;
  let maxInProgress = 0;
  const counts = new Map<string, number>();
  const handler: http.RequestListener = (request, response) => {
    const path = new URL(request.url ?? '/', 'http://target').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    inProgress += 1;
    maxInProgress = Math.max(maxInProgress, inProgress);
    response.once('close', () => (inProgress -= 1));
    const redirect = /^\/redirect\/(\d+)$/.exec(path);
    if (path === '/health')
      return send(response, failing ? 503 : 200, failing ? 'down for repairs' : 'all good');
    if (path === '/json') return send(response, 200, JSON.stringify(JSON_DOCUMENT), 'application/json');
    if (path === '/text') return send(response, 200, TEXT_PAGE, 'text/html');
    if (path.startsWith('/status/')) return send(response, Number(path.slice('/status/'.length)), 'as asked');
    if (path === '/hang') return;
    if (path === '/stall')
      return void response.writeHead(200, { 'content-type': 'text/plain' }).write('partial ');
    if (path === '/reset') {
      response.writeHead(200, { 'content-type': 'text/plain' }).write('partial ');
      return void setTimeout(() => request.socket.destroy(), 20);
    }
    if (path === '/loop') return relocate(response, '/loop');
    if (redirect?.[1] !== undefined) {
      const left = Number(redirect[1]);
      return relocate(response, left <= 1 ? '/health' : `/redirect/${left - 1}`);
    }
    if (path === '/gigabyte') return streamGigabyte(response, (bytes) => (gigabyteSent += bytes));
    send(response, 404, 'no such page');
  };
  const server = tls === undefined ? http.createServer(handler) : https.createServer(tls, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    fail: () => (failing = true),
    recover: () => (failing = false),
    gigabyteBytesSent: () => gigabyteSent,
    inProgress: () => inProgress,
    maxInProgress: () => maxInProgress,
    requests: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: http.ServerResponse, status: number, body: string, type = 'text/plain') {
  response.writeHead(status, { 'content-type': `${type}; charset=utf-8` }).end(body);
}

function relocate(response: http.ServerResponse, location: string) {
  response.writeHead(302, { location }).end();
}

function streamGigabyte(response: http.ServerResponse, sent: (bytes: number) => void) {
  const chunk = Buffer.alloc(64 * 1024, 'TBot');
  let left = GIGABYTE;
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(GIGABYTE) });
  const pump = () => {
    while (left > 0 && !response.destroyed) {
      left -= chunk.length;
      sent(chunk.length);
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (left <= 0) response.end();
  };
  pump();
}
