import { DomainError } from '../shared/index.ts';
import { typedText } from './otrs-text.ts';

/** A Telegram chat and, in a forum supergroup, one topic of it (as `AlertRoute` for monitoring). */
export interface OtrsChatRoute {
  /** The Bot API `chat_id` (negative for groups and channels). */
  readonly chatId: number;
  /** The forum topic's `message_thread_id`; `null`: the chat itself. */
  readonly messageThreadId: number | null;
}

/**
 * Where the cards of some tickets go. A rule matches a ticket whose queue is one of `queues` (all queues when
 * empty; `IT::*` is `IT` and every queue under it) and whose priority id is within `minPriority..maxPriority`
 * (OTRS's ids: 1 very low .. 5 very high; `null` is unbounded). A match sends the card to `chat` (if any)
 * and, with `owner` / `responsible`, to that agent personally.
 */
export interface OtrsRoutingRule {
  readonly queues: readonly string[];
  readonly minPriority: number | null;
  readonly maxPriority: number | null;
  readonly chat: OtrsChatRoute | null;
  readonly owner: boolean;
  readonly responsible: boolean;
}

/** At most this many rules (every ticket change walks them all), and queues per rule. */
export const MAX_ROUTING_RULES = 100;
export const MAX_QUEUES_PER_RULE = 50;

const invalid = (index: number, field: string, message: string) =>
  new DomainError('OTRS_ROUTING.INVALID_RULE', `rules.${index}.${field} ${message}`, {
    field: `rules.${index}.${field}`,
  });

function priority(value: number | null, index: number, field: string): number | null {
  if (value === null) return null;
  if (!Number.isSafeInteger(value) || value < 1 || value > 99) throw invalid(index, field, 'must be 1..99');
  return value;
}

function chat(route: OtrsChatRoute | null, index: number): OtrsChatRoute | null {
  if (route === null) return null;
  const { chatId, messageThreadId } = route;
  if (!Number.isSafeInteger(chatId) || chatId === 0)
    throw invalid(index, 'chat.chatId', 'must be a Telegram chat id');
  if (
    messageThreadId !== null &&
    (!Number.isSafeInteger(messageThreadId) || messageThreadId < 1 || messageThreadId > 2 ** 31 - 1)
  ) {
    throw invalid(index, 'chat.messageThreadId', 'must be a forum topic id');
  }
  return { chatId, messageThreadId };
}

function rule(input: OtrsRoutingRule, index: number): OtrsRoutingRule {
  if (input.queues.length > MAX_QUEUES_PER_RULE) {
    throw invalid(index, 'queues', `holds more than ${MAX_QUEUES_PER_RULE} queues`);
  }
  const queues = [
    ...new Set(
      input.queues.map((queue, i) =>
        typedText(queue, 200, 'OTRS_ROUTING.INVALID_RULE', `rules.${index}.queues.${i}`),
      ),
    ),
  ];
  const minPriority = priority(input.minPriority, index, 'minPriority');
  const maxPriority = priority(input.maxPriority, index, 'maxPriority');
  if (minPriority !== null && maxPriority !== null && minPriority > maxPriority) {
    throw invalid(index, 'maxPriority', 'is below minPriority');
  }
  const route = chat(input.chat, index);
  const owner = input.owner === true;
  const responsible = input.responsible === true;
  if (route === null && !owner && !responsible)
    throw invalid(index, 'chat', 'is required when no agent is told');
  return { queues, minPriority, maxPriority, chat: route, owner, responsible };
}

/** Checks the rules (at most {@link MAX_ROUTING_RULES}) and returns them trimmed, queues without repeats. */
export function normalizeRoutingRules(rules: readonly OtrsRoutingRule[]): OtrsRoutingRule[] {
  if (rules.length > MAX_ROUTING_RULES) {
    throw new DomainError('OTRS_ROUTING.TOO_MANY_RULES', `At most ${MAX_ROUTING_RULES} routing rules`, {
      field: 'rules',
      max: MAX_ROUTING_RULES,
    });
  }
  return rules.map(rule);
}
