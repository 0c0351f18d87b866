import { type IncomingMessage, type Server, createServer } from 'node:http';
import { serverLocalText } from '../../test/support/otrs-server/index.ts';
import { freePort } from '../../test/support/free-port.ts';

/**
 * The baselines of `bench/otrs.ts`: the same work as TBot's feed and cards by the plainest means. A bare HTTP
 * server takes OTRS's webhook call, reads the ticket with TicketGet and makes the card's Telegram call at once;
 * a bare loop asks TicketSearch for the tickets changed since its watermark every interval and TicketGet for
 * them, and makes the call for each one it has not shown in that version. No events, no outbox, no throttle,
 * no lease; the two share one map (ticket → the `Changed` last shown) so a change both see is shown once.
 */
export interface BareLoopsOptions {
  /** The OTRS root (`OTRS_BASE_URL`) and web service. */
  readonly otrsBaseUrl: string;
  readonly webservice: string;
  readonly user: string;
  readonly password: string;
  readonly timeZone: string;
  /** The Bot API root and token (the emulator's). */
  readonly telegramApiRoot: string;
  readonly botToken: string;
  /** The chat a queue's cards go to; `undefined`: not routed. */
  readonly chatOf: (queue: string) => number | undefined;
  readonly pollEveryMs: number;
  /** Tickets per TicketGet, as TBot's feed reads them. */
  readonly batchSize: number;
}

export interface BareLoops {
  /** Where OTRS's webhook calls go. */
  readonly webhookUrl: string;
  /** Requests the bare poller made, by operation. */
  readonly pollerRequests: { search: number; get: number };
  /** Tickets the bare poller read, and its rounds. */
  readonly pollerTickets: { read: number; rounds: number };
  /** Telegram calls and OTRS calls that failed. */
  readonly failures: { telegram: number; otrs: number };
  stop(): Promise<void>;
}

interface BareTicket {
  readonly TicketID: string;
  readonly TicketNumber: string;
  readonly Title: string;
  readonly Queue: string;
  readonly Priority: string;
  readonly State: string;
  readonly Changed: string;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** The ticket id of an Invoker-style call, wherever its mapping put it. */
function ticketIdOf(body: unknown): string | undefined {
  const record = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const top = record(body);
  const id = top['TicketID'] ?? record(top['Event'])['TicketID'] ?? record(top['Ticket'])['TicketID'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export async function startBareLoops(options: BareLoopsOptions): Promise<BareLoops> {
  const root = `${options.otrsBaseUrl}/nph-genericinterface.pl/Webservice/${options.webservice}`;
  const auth = `UserLogin=${encodeURIComponent(options.user)}&Password=${encodeURIComponent(options.password)}`;
  const shown = new Map<string, string>();
  const pollerRequests = { search: 0, get: 0 };
  const pollerTickets = { read: 0, rounds: 0 };
  const failures = { telegram: 0, otrs: 0 };

  const otrs = async (path: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${root}${path}`);
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200 || body['Error'] !== undefined) {
      failures.otrs += 1;
      throw new Error(`OTRS ${path.split('?')[0]}: ${response.status} ${JSON.stringify(body['Error'])}`);
    }
    return body;
  };
  const ticketsById = async (ids: readonly string[]): Promise<BareTicket[]> =>
    ((await otrs(`/Ticket/${ids.join(',')}?${auth}`))['Ticket'] ?? []) as BareTicket[];

  const show = async (ticket: BareTicket) => {
    if (shown.get(ticket.TicketID) === ticket.Changed) return;
    const chatId = options.chatOf(ticket.Queue);
    if (chatId === undefined) return;
    shown.set(ticket.TicketID, ticket.Changed);
    const response = await fetch(`${options.telegramApiRoot}/bot${options.botToken}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        chat_id: chatId,
        text: `Ticket #${ticket.TicketNumber}: ${ticket.Title}\nQueue: ${ticket.Queue}\nPriority: ${ticket.Priority}\nState: ${ticket.State}`,
      }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) failures.telegram += 1;
  };

  const server: Server = createServer((req, res) => {
    void readJson(req)
      .then(async (body) => {
        const id = ticketIdOf(body);
        res.writeHead(id === undefined ? 400 : 200).end();
        if (id === undefined) return;
        for (const ticket of await ticketsById([id])) await show(ticket);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(400).end();
      });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  // The watermark: the latest `Changed` read, asked again from a second before (OTRS's times have seconds,
  // and TicketLastChangeTimeNewerDate is strictly newer); the start: the server's clock now.
  let watermark = serverLocalText(new Date(), options.timeZone);
  const earlier = (local: string) =>
    serverLocalText(new Date(Date.parse(`${local.replace(' ', 'T')}Z`) - 1000), 'UTC');
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    pollerTickets.rounds += 1;
    pollerRequests.search += 1;
    const found = await otrs(
      `/Ticket?${auth}&TicketLastChangeTimeNewerDate=${encodeURIComponent(earlier(watermark))}`,
    );
    const ids = (found['TicketID'] ?? []) as string[];
    for (let i = 0; i < ids.length; i += options.batchSize) {
      pollerRequests.get += 1;
      const tickets = await ticketsById(ids.slice(i, i + options.batchSize));
      pollerTickets.read += tickets.length;
      for (const ticket of tickets) if (ticket.Changed > watermark) watermark = ticket.Changed;
      await Promise.all(tickets.map(show));
    }
  };
  const tick = () => {
    running = round().catch(() => undefined);
    void running.then(() => {
      if (!stopped) timer = setTimeout(tick, options.pollEveryMs);
    });
  };
  tick();

  return {
    webhookUrl: `http://127.0.0.1:${port}/otrs-webhook`,
    pollerRequests,
    pollerTickets,
    failures,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
