import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands in front of a Bot API server (the emulator) and plays the users who blocked the bot: a
 * `sendMessage` to one of their chats gets Telegram's 403 "bot was blocked by the user"; every other call
 * goes through unchanged (long polls included: a caller that goes away ends the call it made upstream).
 */
export class BlockingBotApiProxy {
  /** Chats whose user blocked the bot. */
  readonly blocked = new Set<number>();
  /** The sends refused, oldest first. */
  readonly refused: { readonly method: string; readonly chatId: number }[] = [];

  private constructor(
    private readonly stopServer: () => Promise<void>,
    readonly apiRoot: string,
  ) {}

  static async start(upstream: string): Promise<BlockingBotApiProxy> {
    const handlers: ((req: IncomingMessage, res: ServerResponse) => void)[] = [];
    const server = createServer((req, res) => handlers[0]?.(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const proxy = new BlockingBotApiProxy(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
      `http://127.0.0.1:${port}`,
    );
    handlers.push((req, res) => proxy.handle(req, res, new URL(upstream)));
    return proxy;
  }

  stop(): Promise<void> {
    return this.stopServer();
  }

  private handle(req: IncomingMessage, res: ServerResponse, upstream: URL): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = /^\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
      const chatId = method === 'sendMessage' ? chatOf(body) : null;
      if (chatId !== null && this.blocked.has(chatId)) {
        this.refused.push({ method, chatId });
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ok: false,
            error_code: 403,
            description: 'Forbidden: bot was blocked by the user',
          }),
        );
        return;
      }
      const forwarded = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host, 'content-length': String(body.length) },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on('error', () => res.destroy());
      res.on('close', () => forwarded.destroy());
      forwarded.end(body);
    });
  }
}

function chatOf(body: Buffer): number | null {
  try {
    const payload = JSON.parse(body.toString('utf8')) as { chat_id?: unknown };
    const chatId = Number(payload.chat_id);
    return Number.isSafeInteger(chatId) ? chatId : null;
  } catch {
    return null;
  }
}
