/**
 * What OTRS's outgoing web service (an Invoker on a ticket event, HTTP::REST transport) sends about a change:
 * the event and the ticket's id. Sent the same way to TBot's webhook and to the bare baseline's.
 */
export async function invokerCall(options: {
  readonly url: string;
  readonly secret: string | null;
  readonly event: string;
  readonly ticketId: number;
}): Promise<number> {
  const response = await fetch(options.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.secret === null ? {} : { 'x-otrs-webhook-secret': options.secret }),
    },
    body: JSON.stringify({ Event: { Event: options.event, TicketID: String(options.ticketId) } }),
  });
  await response.arrayBuffer();
  return response.status;
}
