import type { OtrsRoutingRule } from '../../domain/otrs/index.ts';
import type { OtrsState } from '../../test/support/otrs-server/otrs-state.ts';

/** The feed's service agent of the bench's local OTRS (`OTRS_SERVICE_USER` / `OTRS_SERVICE_PASSWORD`). */
export const SERVICE_AGENT = { login: 'bench-feed', password: 'bench-feed-password' } as const;
/** The agent the generated changes are made by (someone at OTRS's own screens). */
export const CHANGING_AGENT = { login: 'bench-agent', password: 'bench-agent-password' } as const;

/** The queue of routed chat `c`; each has a rule of its own, so each chat gets its share of the cards. */
export const benchQueue = (c: number) => `Bench ${String(c).padStart(3, '0')}`;
/** The group chat of routed queue `c` (a group, so Telegram's 20-a-minute limit per group applies). */
export const benchChat = (c: number) => -1_002_000_000_000 - c;

export interface SeededTicket {
  readonly id: number;
  readonly number: string;
  /** Which routed queue (and so chat) it is in. */
  readonly chat: number;
}

export interface SeededOtrs {
  readonly tickets: readonly SeededTicket[];
  readonly changingAgentId: number;
  readonly seedMs: number;
}

/**
 * Fills the local OTRS server's state directly (no HTTP: 10,000 tickets in well under a second): one queue per
 * routed chat, the service and changing agents, and `tickets` open tickets (state `open`, priority `3 normal`)
 * dealt round-robin over the queues, so ticket `i` is in queue `i mod chats`, each with a customer's article.
 */
export function seedOtrs(state: OtrsState, options: { tickets: number; chats: number }): SeededOtrs {
  const started = performance.now();
  state.addAgent(SERVICE_AGENT.login, SERVICE_AGENT.password);
  const changing = state.addAgent(CHANGING_AGENT.login, CHANGING_AGENT.password);
  const firstQueueId = Math.max(0, ...state.queues.map((queue) => queue.id)) + 1;
  for (let c = 0; c < options.chats; c += 1) state.queues.push({ id: firstQueueId + c, name: benchQueue(c) });
  const tickets: SeededTicket[] = [];
  // Opened over the past 30 days, the oldest first, and not changed since: a poller's search for recent changes
  // finds only the bench's changes, not the seeding.
  const now = Date.now();
  const spanMs = 30 * 24 * 3600_000;
  for (let i = 0; i < options.tickets; i += 1) {
    const chat = i % options.chats;
    const ticket = state.addTicket({
      title: `Bench ticket ${i}`,
      queue: benchQueue(chat),
      state: 'open',
      priority: '3 normal',
      owner: CHANGING_AGENT.login,
      customerUserId: `customer-${i % 500}@bench.example`,
      body: 'The printer on the third floor says PC LOAD LETTER.',
      createdAt: new Date(now - spanMs + Math.floor((spanMs * i) / options.tickets)),
    });
    tickets.push({ id: ticket.id, number: ticket.number, chat });
  }
  return { tickets, changingAgentId: changing.id, seedMs: performance.now() - started };
}

/** One rule per routed queue, to its own chat (the routing API takes at most 100 rules). */
export function benchRoutingRules(chats: number): OtrsRoutingRule[] {
  return Array.from({ length: chats }, (_, c) => ({
    queues: [benchQueue(c)],
    minPriority: null,
    maxPriority: null,
    chat: { chatId: benchChat(c), messageThreadId: null },
    owner: false,
    responsible: false,
  }));
}

/**
 * The rule of the import: every ticket matches, and goes to its owner personally, who is linked to nobody, so
 * no card is sent. Without it each of the thousands of tickets the first round reads would be a row for
 * nobody, which the senders drop one at a time.
 */
export const IMPORT_ROUTING_RULES: OtrsRoutingRule[] = [
  { queues: [], minPriority: null, maxPriority: null, chat: null, owner: true, responsible: false },
];
