import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds with a fraction: comparable with the slots the nodes plan on `Date.now()`. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/**
 * One watched server's target: a TCP listener of its own, or a path on a shared HTTP listener. Every
 * connection accepted (TCP) or request received (HTTP) is kept as its wall-clock time, so that the bench can
 * tell which slot it was for, how late it came and whether a slot was probed twice.
 */
export interface BenchTarget {
  readonly index: number;
  readonly kind: 'tcp' | 'http';
  /** TCP: the listener's port; HTTP: the shared listener's. */
  readonly port: number;
  /** HTTP only: the URL its check asks. */
  readonly url: string | null;
  /** Wall-clock times of the probes that reached it, in arrival order. */
  readonly hits: number[];
  /** Stops answering (TCP: the port refuses; HTTP: 503), returning `performance.now()` of that moment. */
  stopAnswering(): Promise<number>;
  answerAgain(): Promise<void>;
}

export interface TargetFleet {
  readonly targets: readonly BenchTarget[];
  close(): Promise<void>;
}

/** Paths of one HTTP listener: few enough that a burst of checks does not queue on one accept loop. */
const PATHS_PER_HTTP_LISTENER = 50;
const BACKLOG = 1024;

async function listen(server: net.Server, port: number): Promise<void> {
  // A port given back by a refusing TCP target may be taken for a moment by an outgoing connection.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host: '127.0.0.1', backlog: BACKLOG }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return;
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function tcpTarget(index: number): Promise<BenchTarget & { readonly close: () => Promise<void> }> {
  const hits: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    hits.push(wallNow());
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
    // The probe closes at once; a bare connect that lingers is dropped by us instead.
    socket.end();
  });
  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    index,
    kind: 'tcp',
    port,
    url: null,
    hits,
    async stopAnswering() {
      const at = performance.now();
      await stop();
      return at;
    },
    answerAgain: () => listen(server, port),
    close: stop,
  };
}

interface HttpListener {
  readonly port: number;
  readonly byPath: Map<string, { hits: number[]; failing: boolean }>;
  readonly close: () => Promise<void>;
}

async function httpListener(): Promise<HttpListener> {
  const byPath = new Map<string, { hits: number[]; failing: boolean }>();
  const server = http.createServer((request, response) => {
    const at = wallNow();
    const path = byPath.get(request.url ?? '');
    if (path) path.hits.push(at);
    const status = path === undefined ? 404 : path.failing ? 503 : 200;
    // Connection: close, so that the bare loop's fetch opens a connection per check as the probe does.
    response.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
    response.end(status === 200 ? 'ok' : 'down for the bench');
  });
  await listen(server, 0);
  return {
    port: (server.address() as AddressInfo).port,
    byPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * `servers` targets on 127.0.0.1: even indexes TCP (a listener each), odd ones HTTP (`/s/<index>` on listeners
 * of 50 paths each).
 */
export async function startTargetFleet(servers: number): Promise<TargetFleet> {
  const targets: BenchTarget[] = [];
  const closers: (() => Promise<void>)[] = [];
  let listener: HttpListener | null = null;
  let onListener = 0;
  try {
    for (let index = 0; index < servers; index += 1) {
      if (index % 2 === 0) {
        const target = await tcpTarget(index);
        closers.push(target.close);
        targets.push(target);
        continue;
      }
      if (listener === null || onListener >= PATHS_PER_HTTP_LISTENER) {
        listener = await httpListener();
        closers.push(listener.close);
        onListener = 0;
      }
      onListener += 1;
      const path = `/s/${index}`;
      const state = { hits: [] as number[], failing: false };
      listener.byPath.set(path, state);
      targets.push({
        index,
        kind: 'http',
        port: listener.port,
        url: `http://127.0.0.1:${listener.port}${path}`,
        hits: state.hits,
        stopAnswering: () => {
          state.failing = true;
          return Promise.resolve(performance.now());
        },
        answerAgain: () => {
          state.failing = false;
          return Promise.resolve();
        },
      });
    }
  } catch (error) {
    await Promise.allSettled(closers.map((close) => close()));
    throw error;
  }
  return {
    targets,
    close: async () => {
      await Promise.allSettled(closers.map((close) => close()));
    },
  };
}
