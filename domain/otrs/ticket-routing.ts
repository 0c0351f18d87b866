import type { OtrsChatRoute, OtrsRoutingRule } from './routing-rules.ts';
import type { KnownTicket } from './ticket-state.ts';

/** What routing needs of a ticket. */
export interface RoutableTicket {
  readonly queue: string;
  readonly priorityId: number;
  readonly ownerId: number | null;
  readonly responsibleId: number | null;
}

/** What routing needs of a ticket as its stream knows it. */
export const routableTicket = (ticket: KnownTicket): RoutableTicket => ({
  queue: ticket.queue.name,
  priorityId: ticket.priority.id,
  ownerId: ticket.ownerId,
  responsibleId: ticket.responsibleId,
});

/**
 * Where a ticket's card goes: the chats (topics) of every matching rule, in rule order without repeats, and
 * the agents (OTRS `UserID`s: the application finds their linked Telegram users) told personally. `matched`
 * is false when no rule matches: the card is unrouted (the application sends it to the admins' chat).
 */
export interface TicketDestinations {
  readonly chats: readonly OtrsChatRoute[];
  readonly agentIds: readonly number[];
  readonly matched: boolean;
}

/** Whether `queue` is `pattern`, or under it when the pattern ends in `::*`. */
export function queueMatches(pattern: string, queue: string): boolean {
  if (!pattern.endsWith('::*')) return pattern === queue;
  const parent = pattern.slice(0, -3);
  return queue === parent || queue.startsWith(`${parent}::`);
}

function matches(rule: OtrsRoutingRule, ticket: RoutableTicket): boolean {
  if (rule.queues.length > 0 && !rule.queues.some((pattern) => queueMatches(pattern, ticket.queue)))
    return false;
  if (rule.minPriority !== null && ticket.priorityId < rule.minPriority) return false;
  return rule.maxPriority === null || ticket.priorityId <= rule.maxPriority;
}

/** The destinations of `ticket` under `rules` (already normalised, so the walk is bounded). */
export function routeTicket(rules: readonly OtrsRoutingRule[], ticket: RoutableTicket): TicketDestinations {
  const chats = new Map<string, OtrsChatRoute>();
  const agentIds = new Set<number>();
  let matched = false;
  for (const rule of rules) {
    if (!matches(rule, ticket)) continue;
    matched = true;
    if (rule.chat) chats.set(`${rule.chat.chatId}/${rule.chat.messageThreadId ?? ''}`, rule.chat);
    if (rule.owner && ticket.ownerId !== null) agentIds.add(ticket.ownerId);
    if (rule.responsible && ticket.responsibleId !== null) agentIds.add(ticket.responsibleId);
  }
  return { chats: [...chats.values()], agentIds: [...agentIds], matched };
}
