import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';
import { freePort } from '../free-port.ts';
import { FaultQueue, PROXY_ERROR_PAGE } from './otrs-faults.ts';
import { createLocalInvoker, type LocalInvoker } from './otrs-invoker.ts';
import { type OperationName, runOperation, ticketData } from './otrs-operations.ts';
import type { RecordedOtrsCall } from './otrs-records.ts';
import { OtrsState } from './otrs-state.ts';

/**
 * A local OTRS/Znuny GenericInterface server for tests, answering the web service GenericTicketConnectorREST
 * under `/otrs/nph-genericinterface.pl/Webservice/<name>` as Znuny's own definition routes it:
 * `POST /Session`, `GET /Ticket` (TicketSearch), `GET /Ticket/:TicketID`, `POST /Ticket` (TicketCreate),
 * `PATCH /Ticket/:TicketID`, `GET /TicketHistory/:TicketID`. Its `invoker`, once connected, posts each ticket
 * event to a webhook as an outgoing web service would. Operation errors are HTTP 200 with `{"Error": {...}}`, ids are strings,
 * times are the server's wall clock in `timeZone`. It records every call and plays the faults a test asks for.
 */
export interface LocalOtrsServer {
  /** The OTRS root as `OTRS_BASE_URL` takes it: `http://127.0.0.1:PORT/otrs`. */
  readonly baseUrl: string;
  readonly webservice: string;
  readonly state: OtrsState;
  readonly faults: FaultQueue;
  /** The outgoing web service: connect it to TBot's webhook and it reports ticket events there. */
  readonly invoker: LocalInvoker;
  /** Every request, in order of arrival. */
  readonly calls: RecordedOtrsCall[];
  /** The calls of one operation. */
  callsOf(operation: OperationName): RecordedOtrsCall[];
  /** Ends every session (as Znuny's SessionMaxIdleTime would): the next call with it fails AuthFail. */
  expireSessions(login?: string): void;
  close(): Promise<void>;
}

export interface LocalOtrsServerOptions {
  /** The server's time zone (Znuny's OTRSTimeZone). Default Europe/Berlin, which has summer time. */
  readonly timeZone?: string;
  readonly now?: () => Date;
  readonly webservice?: string;
  /** The id of the first ticket (default 1): tests sharing one log keep their tickets apart. */
  readonly firstTicketId?: number;
  /** Serve https with this key and certificate (PEM) instead of plain http. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

const ROUTES: readonly { method: string; pattern: RegExp; operation: OperationName }[] = [
  { method: 'POST', pattern: /^\/Session$/, operation: 'SessionCreate' },
  { method: 'GET', pattern: /^\/Ticket$/, operation: 'TicketSearch' },
  { method: 'GET', pattern: /^\/Ticket\/([^/]+)$/, operation: 'TicketGet' },
  { method: 'POST', pattern: /^\/Ticket$/, operation: 'TicketCreate' },
  { method: 'PATCH', pattern: /^\/Ticket\/([^/]+)$/, operation: 'TicketUpdate' },
  { method: 'GET', pattern: /^\/TicketHistory\/([^/]+)$/, operation: 'TicketHistoryGet' },
];

const MAX_BODY_BYTES = 1_000_000;

export async function startLocalOtrsServer(options: LocalOtrsServerOptions = {}): Promise<LocalOtrsServer> {
  const webservice = options.webservice ?? 'GenericTicketConnectorREST';
  const prefix = `/otrs/nph-genericinterface.pl/Webservice/${webservice}`;
  const state = new OtrsState(
    options.timeZone ?? 'Europe/Berlin',
    options.now ?? (() => new Date()),
    options.firstTicketId ?? 1,
  );
  const faults = new FaultQueue();
  const invoker = createLocalInvoker(state, (id) => {
    const ticket = state.tickets.get(id);
    return ticket ? ticketData(state, ticket, false, 0, false) : {};
  });
  const calls: RecordedOtrsCall[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, status: number, type: string, body: string) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : undefined;
    const match =
      route === undefined ? undefined : ROUTES.find((r) => r.method === req.method && r.pattern.test(route));
    const data: Record<string, unknown> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      data[key] = values.length > 1 ? values : values[0];
    }
    const raw = await readBody(req);
    if (raw.length > 0) {
      try {
        Object.assign(data, JSON.parse(raw) as Record<string, unknown>);
      } catch {
        // Znuny's REST provider refuses a body it cannot parse with HTTP 500.
        answer(
          res,
          500,
          'application/json; charset=UTF-8',
          JSON.stringify({ Error: { ErrorCode: 'Provider.InvalidJSON' } }),
        );
        return;
      }
    }
    const ticketId = match && route ? (match.pattern.exec(route)?.[1] ?? undefined) : undefined;
    if (ticketId !== undefined) data.TicketID = decodeURIComponent(ticketId);
    const call: RecordedOtrsCall = {
      operation: match?.operation ?? 'unknown',
      method: req.method ?? '',
      path: url.pathname,
      data,
      outcome: 'answered',
    };
    calls.push(call);
    if (!match) {
      answer(res, 404, 'text/plain', 'Not Found');
      call.outcome = 'not-found';
      return;
    }

    const fault = faults.take(match.operation, typeof data.TicketID === 'string' ? data.TicketID : undefined);
    if (fault?.kind === 'drop') {
      call.outcome = 'dropped';
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'html') {
      call.outcome = 'html';
      answer(res, fault.status ?? 502, 'text/html', PROXY_ERROR_PAGE);
      return;
    }
    const result = runOperation(state, match.operation, data);
    const error = result.Error as { ErrorCode?: string } | undefined;
    if (error?.ErrorCode) call.outcome = `error:${error.ErrorCode}`;
    const body = JSON.stringify(result);
    if (fault?.kind === 'slow') {
      call.outcome = `slow:${call.outcome}`;
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(res, 200, 'application/json; charset=UTF-8', body);
      }, fault.delayMs);
      timers.add(timer);
      return;
    }
    answer(res, 200, 'application/json; charset=UTF-8', body);
    if (fault?.kind === 'changeAfterRead') {
      const ticket = state.tickets.get(fault.ticketId);
      const by = state.agents.get(fault.by);
      if (ticket && by) state.change(ticket, by.id, fault.change);
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => res.destroy());
  };
  const server: Server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    baseUrl: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/otrs`,
    webservice,
    state,
    faults,
    invoker,
    calls,
    callsOf: (operation) => calls.filter((call) => call.operation === operation),
    expireSessions(login) {
      for (const [id, owner] of state.sessions)
        if (login === undefined || owner === login) state.sessions.delete(id);
    },
    async close() {
      invoker.disconnect();
      await invoker.settled();
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
