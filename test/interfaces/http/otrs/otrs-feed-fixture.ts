import type pg from 'pg';
import { type LocalOtrsServer, startLocalOtrsServer } from '../../../support/otrs-server/index.ts';
import { type ServedApi, startServedApi } from '../../../support/served-api.ts';

export const WEBHOOK_SECRET = 'webhook-secret-0123456789-abcdef';
export const SERVICE_LOGIN = 'tbot-feed';
const SERVICE_PASSWORD = 'service-password-0123';
export const AGENT = { login: 'anna.agent', password: 'anna-password-0123' } as const;

/** A served node whose OTRS is the local server, with the feed's service agent and the webhook's secret. */
export interface FeedFixture {
  readonly otrs: LocalOtrsServer;
  readonly api: ServedApi;
  readonly webhookUrl: string;
  stop(): Promise<void>;
}

export async function startFeedFixture(env: Readonly<Record<string, string>>): Promise<FeedFixture> {
  const otrs = await startLocalOtrsServer({ timeZone: 'Europe/Berlin' });
  otrs.state.addAgent(SERVICE_LOGIN, SERVICE_PASSWORD);
  otrs.state.addAgent(AGENT.login, AGENT.password);
  let api: ServedApi;
  try {
    api = await startServedApi({
      env: {
        OTRS_BASE_URL: otrs.baseUrl,
        OTRS_TIMEZONE: 'Europe/Berlin',
        OTRS_SERVICE_USER: SERVICE_LOGIN,
        OTRS_SERVICE_PASSWORD: SERVICE_PASSWORD,
        OTRS_WEBHOOK_SECRET: WEBHOOK_SECRET,
        OTRS_WEBHOOK_ALLOW_FROM: '127.0.0.1,::1',
        // The node believes X-Forwarded-For from this host: a "proxy" can then bring a foreign client.
        HTTP_TRUST_PROXY: '127.0.0.1',
        ...env,
      },
    });
  } catch (error) {
    await otrs.close();
    throw error;
  }
  return {
    otrs,
    api,
    webhookUrl: `${api.node.baseUrl}/otrs/webhook`,
    async stop() {
      await otrs.close();
      await api.stop();
    },
  };
}

/** The types of the events on a ticket's stream, in order. */
export async function ticketEventTypes(pool: pg.Pool, ticketId: number): Promise<string[]> {
  const { rows } = await pool.query<{ type: string }>(
    'select type from es.events where stream_id = $1 order by revision',
    [`otrs-ticket-${ticketId}`],
  );
  return rows.map((row) => row.type);
}

/** The actors (`metadata.actor.id`) of the events of one type on a ticket's stream. */
export async function actorsOf(pool: pg.Pool, ticketId: number, type: string): Promise<string[]> {
  const { rows } = await pool.query<{ actor: string }>(
    `select metadata->'actor'->>'id' as actor from es.events where stream_id = $1 and type = $2 order by revision`,
    [`otrs-ticket-${ticketId}`, type],
  );
  return rows.map((row) => row.actor);
}

/** Calls the local OTRS's web service as an agent would (UserLogin and Password in the body). */
export async function otrsOperation(
  otrs: LocalOtrsServer,
  method: 'POST' | 'PATCH',
  path: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(
    `${otrs.baseUrl}/nph-genericinterface.pl/Webservice/${otrs.webservice}${path}`,
    {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ UserLogin: AGENT.login, Password: AGENT.password, ...body }),
    },
  );
  return (await response.json()) as Record<string, unknown>;
}

/** POSTs to the webhook as the Invoker would, with `headers` instead of the secret when given. */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string> = { 'X-TBot-Webhook-Secret': WEBHOOK_SECRET },
): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
}
