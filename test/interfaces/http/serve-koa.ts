import type Koa from 'koa';
import { startHttpServer } from '../../../interfaces/http/index.ts';

export interface ServedApp {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Serves `app` on a free port of 127.0.0.1, for tests of middleware over real HTTP. */
export async function serveKoa(app: Koa): Promise<ServedApp> {
  const server = await startHttpServer(app, '127.0.0.1', 0);
  return { baseUrl: `http://127.0.0.1:${server.port}`, close: () => server.close() };
}
