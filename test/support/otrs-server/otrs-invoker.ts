import type { OtrsState, OtrsTicketEventName } from './otrs-state.ts';

/** Where and how the Invoker calls, as a web service's Requester (HTTP::REST transport) is configured. */
export interface InvokerTarget {
  /** The endpoint, e.g. `http://127.0.0.1:PORT/otrs/webhook`. */
  readonly url: string;
  /** Sent in `header` (an "additional request header"), or as the password of HTTP Basic auth. */
  readonly secret: string;
  readonly header?: string;
  readonly basicAuth?: boolean;
  /** The events the Invoker is connected to; by default creation, state changes and new articles. */
  readonly events?: readonly OtrsTicketEventName[];
}

/** One call the Invoker made: what for, and what the endpoint answered (`0`: no answer). */
export interface InvokerDelivery {
  readonly event: OtrsTicketEventName;
  readonly ticketId: number;
  readonly status: number;
}

export interface LocalInvoker {
  /** Connects the Invoker (replacing an earlier target); the events after this are sent. */
  connect(target: InvokerTarget): void;
  disconnect(): void;
  readonly deliveries: InvokerDelivery[];
  /** Resolves once every call made so far has been answered. */
  settled(): Promise<void>;
}

const DEFAULT_EVENTS: readonly OtrsTicketEventName[] = ['TicketCreate', 'TicketStateUpdate', 'ArticleCreate'];

/**
 * An Invoker of Znuny's `Ticket::Generic` kind behind the REST transport: on each connected ticket event it
 * POSTs `{"Event": {"TicketID": "…", "Event": "…"}, "Ticket": {…}}` (ids as strings, as Znuny's data has them)
 * to the target, after the change (Znuny calls asynchronous Invokers from its scheduler, after the commit).
 */
export function createLocalInvoker(
  state: OtrsState,
  ticketData: (ticketId: number) => unknown,
): LocalInvoker {
  let target: InvokerTarget | null = null;
  const deliveries: InvokerDelivery[] = [];
  const pending = new Set<Promise<void>>();

  const send = async (
    to: InvokerTarget,
    event: OtrsTicketEventName,
    ticketId: number,
    articleId?: number,
  ) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
    if (to.basicAuth) headers.Authorization = `Basic ${Buffer.from(`otrs:${to.secret}`).toString('base64')}`;
    else headers[to.header ?? 'X-TBot-Webhook-Secret'] = to.secret;
    const body = JSON.stringify({
      Event: {
        TicketID: String(ticketId),
        Event: event,
        ...(articleId === undefined ? {} : { ArticleID: String(articleId) }),
      },
      Ticket: ticketData(ticketId),
    });
    let status = 0;
    try {
      const response = await fetch(to.url, { method: 'POST', headers, body });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      // No answer: Znuny's scheduler would try again later; the local server records it and gives up.
    }
    deliveries.push({ event, ticketId, status });
  };

  state.onTicketEvent(({ name, ticketId, articleId }) => {
    const to = target;
    if (!to || !(to.events ?? DEFAULT_EVENTS).includes(name)) return;
    // After the operation has answered: the caller sees its change made before the Invoker reports it.
    const call = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      send(to, name, ticketId, articleId),
    );
    pending.add(call);
    void call.finally(() => pending.delete(call));
  });

  return {
    connect(next) {
      target = next;
    },
    disconnect() {
      target = null;
    },
    deliveries,
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
