import type { TicketEscalationEvent } from './ticket-events.ts';
import type { KnownTicket } from './ticket-state.ts';
import { ESCALATION_KINDS, isClosedStateType } from './ticket-snapshot.ts';

/** How long before an escalation is due it is announced as near, at most (a day). */
export const MAX_ESCALATION_WARNING_SECONDS = 86_400;

/**
 * The escalations of `ticket` to announce at `now`: each escalation (a kind and its due time) is announced
 * once as near (due within `warnBeforeSeconds`) and once as escalated (past due); one first seen past due is
 * announced as escalated only. A moved due time is a new escalation. A closed ticket escalates no more.
 */
export function escalationEvents(
  ticket: KnownTicket,
  now: string,
  warnBeforeSeconds: number,
): TicketEscalationEvent[] {
  if (isClosedStateType(ticket.state.stateType)) return [];
  const nowMs = Date.parse(now);
  const warnMs = Math.min(Math.max(warnBeforeSeconds, 0), MAX_ESCALATION_WARNING_SECONDS) * 1000;
  const events: TicketEscalationEvent[] = [];
  const { ticketId } = ticket;
  for (const kind of ESCALATION_KINDS) {
    const deadline = ticket.escalations[kind];
    if (deadline === null) continue;
    const due = Date.parse(deadline);
    const level = nowMs >= due ? 'escalated' : nowMs >= due - warnMs ? 'near' : null;
    if (level === null) continue;
    const known = ticket.announced[kind]?.find((announced) => announced.deadline === deadline)?.level ?? null;
    if (known === 'escalated' || known === level) continue;
    events.push({
      type: level === 'escalated' ? 'TicketEscalated' : 'TicketEscalationNear',
      data: { ticketId, kind, deadline },
    });
  }
  return events;
}
