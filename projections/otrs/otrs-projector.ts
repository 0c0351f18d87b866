import {
  OTRS_AGENT_EVENT_TYPES,
  OTRS_AGENT_LINK_EVENT_TYPES,
  type OtrsAgentEvent,
  type OtrsAgentLinkEvent,
  TICKET_EVENT_TYPES,
  type TicketEvent,
} from '../../domain/otrs/index.ts';
import type { Projector } from '../../application/ports/projector.ts';
import { applyAgentEvent, applyLinkEvent } from './agent-writes.ts';
import { asRecorded } from './otrs-event.ts';
import {
  OTRS_FORGETTING_EVENT_TYPES,
  forgottenSubjects,
  isForgettingEvent,
  scrubSubjects,
} from './otrs-forgetting.ts';
import { AGENTS, LINKS, OTRS_SCHEMA, TICKETS, createOtrsIndexes, createOtrsTables } from './otrs-tables.ts';
import { applyTicketEvent } from './ticket-writes.ts';

const ticketTypes = new Set<string>(TICKET_EVENT_TYPES);
const agentTypes = new Set<string>(OTRS_AGENT_EVENT_TYPES);
const linkTypes = new Set<string>(OTRS_AGENT_LINK_EVENT_TYPES);

/**
 * `otrs.tickets` (every ticket TBot saw, open or closed, with its escalations' due times and what of them was
 * announced), `otrs.agents` (agent id ↔ login) and `otrs.links` (Telegram user ↔ login, active or expired):
 * what the bot, the API, the cards and the escalation timer read of OTRS. Personal columns hold what the
 * log's lens decrypts; a forgetting event scrubs them (`otrs-forgetting.ts`).
 */
export const otrsProjector: Projector = {
  name: 'otrs',
  version: 1,
  schema: OTRS_SCHEMA,
  tables: [TICKETS, AGENTS, LINKS],
  eventTypes: [
    ...TICKET_EVENT_TYPES,
    ...OTRS_AGENT_EVENT_TYPES,
    ...OTRS_AGENT_LINK_EVENT_TYPES,
    ...OTRS_FORGETTING_EVENT_TYPES,
  ],
  createTables: createOtrsTables,
  createIndexes: createOtrsIndexes,

  async apply(events, trx, tables) {
    // Ticket changes are rare per ticket (a few a day): one statement per event, in log order.
    for (const recorded of events) {
      if (ticketTypes.has(recorded.type)) {
        await applyTicketEvent(asRecorded<TicketEvent>(recorded), trx, tables);
      } else if (agentTypes.has(recorded.type)) {
        await applyAgentEvent(asRecorded<OtrsAgentEvent>(recorded), trx, tables);
      } else if (linkTypes.has(recorded.type)) {
        await applyLinkEvent(asRecorded<OtrsAgentLinkEvent>(recorded), trx, tables);
      } else if (isForgettingEvent(recorded)) {
        await scrubSubjects(forgottenSubjects([recorded]), trx, tables);
      }
    }
  },
};
