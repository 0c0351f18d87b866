import type { Transformer } from 'grammy';
import type { OutboxSendLimits } from '../../application/notifications/index.ts';

/**
 * Telegram's outgoing limits, as its Bot FAQ ("My bot is hitting limits") words them: in one chat no more than
 * about one message a second ("short bursts" tolerated, then 429s), to one group no more than 20 messages a
 * minute, and about 30 messages a second in all. The group limit is a count per minute, not a spacing: a
 * window that never holds more than 20 sends lets a burst of 20 go out a second apart, where a fixed 3.1 s
 * spacing held the 2nd card of a burst 3.1 s and the 20th a minute. Sliding, not refilled per interval (as
 * @grammyjs/transformer-throttler's reservoir of 20 every 60 s is), which would let 40 through across a
 * refill's edge.
 */
export interface TelegramLimits {
  /** Between two sends of the whole bot: at most ~28.5 a second. */
  readonly globalSpacingMs: number;
  /** Between two sends to one chat, private or group. */
  readonly chatSpacingMs: number;
  /** At most `groupMaxPerWindow` sends to one group in any `groupWindowMs`. */
  readonly groupMaxPerWindow: number;
  readonly groupWindowMs: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  globalSpacingMs: 35,
  chatSpacingMs: 1050,
  groupMaxPerWindow: 20,
  // A minute and a second: what leaves here a minute apart may reach Telegram a little less than that apart.
  groupWindowMs: 61_000,
};

/**
 * The same limits as the notification outbox's claim applies them across nodes. The whole bot's second: sends
 * recorded in the last one plus those claimed, at most 28 (the throttler's spacing is ~28.5 a second).
 */
export const TELEGRAM_OUTBOX_LIMITS: OutboxSendLimits = {
  chatSpacingMs: TELEGRAM_LIMITS.chatSpacingMs,
  groupMaxPerWindow: TELEGRAM_LIMITS.groupMaxPerWindow,
  groupWindowMs: TELEGRAM_LIMITS.groupWindowMs,
  globalPerSecond: Math.floor(1000 / TELEGRAM_LIMITS.globalSpacingMs),
};

/** Whether `chatId` is a group's (or a channel's): Telegram's ids of those are negative. */
export const isGroupChat = (chatId: number) => chatId < 0;

/**
 * When a chat may be sent to next, given when its recent sends left (oldest first): the chat's spacing after
 * the last one, and for a group, once its window holds the most, the window after the oldest of those.
 */
export function chatReadyAt(chatId: number, recent: readonly number[], limits: TelegramLimits): number {
  const last = recent.at(-1);
  if (last === undefined) return -Infinity;
  let at = last + limits.chatSpacingMs;
  if (isGroupChat(chatId) && recent.length >= limits.groupMaxPerWindow) {
    const oldest = recent[recent.length - limits.groupMaxPerWindow] ?? last;
    at = Math.max(at, oldest + limits.groupWindowMs);
  }
  return at;
}

/**
 * Sleeps until the monotonic clock reads `at`. A timer is measured from the event loop's cached clock, which
 * lags behind while the loop is busy, so it can fire early: check, and sleep again for what is left.
 */
async function sleepUntil(at: number): Promise<void> {
  for (let now = performance.now(); now < at; now = performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(at - now)));
  }
}

/**
 * The throttling transformer of every bot TBot runs. Sends to one chat go one after another, each waiting until
 * the chat's limits allow it, counted from when the previous ones *left* (not from when they were queued:
 * @grammyjs/transformer-throttler spaces a chat's jobs before they wait for the global limit, so two could leave
 * almost together), then for a global slot. A chat waiting for its own limit holds no global slot: other chats
 * go meanwhile. This guards one process; the notification outbox's claim applies the same limits across nodes.
 */
export function telegramThrottler(limits: TelegramLimits = TELEGRAM_LIMITS): Transformer {
  let globalLast = -Infinity;
  let globalQueue: Promise<unknown> = Promise.resolve();
  /** When each chat's recent sends left, oldest first: as many as its limits look back at. */
  const sentAt = new Map<number, number[]>();
  const queues = new Map<number, Promise<unknown>>();
  const keep = Math.max(1, limits.groupMaxPerWindow);
  const horizon = Math.max(limits.chatSpacingMs, limits.groupWindowMs);

  // One send at a time leaves the global queue, each the spacing after the previous one really left: the time
  // is taken in the same tick as the send, so nothing between the two can shorten the next gap. The send's
  // promise is wrapped so the queue moves on when it leaves, not when Telegram answers.
  const leave = <T>(send: () => Promise<T>): Promise<{ readonly answer: Promise<T> }> => {
    const turn = globalQueue.then(async () => {
      await sleepUntil(globalLast + limits.globalSpacingMs);
      globalLast = performance.now();
      return { answer: send() };
    });
    globalQueue = turn.catch(() => undefined);
    return turn;
  };

  const noteSent = (chatId: number, now: number) => {
    const recent = sentAt.get(chatId) ?? [];
    recent.push(now);
    if (recent.length > keep) recent.splice(0, recent.length - keep);
    sentAt.set(chatId, recent);
    // Sends older than every limit's look-back no longer matter: forget them before the map grows with every
    // chat ever served.
    if (sentAt.size > 10_000) {
      for (const [id, times] of sentAt) if ((times.at(-1) ?? 0) < now - horizon) sentAt.delete(id);
    }
  };

  return (prev, method, payload, signal) => {
    const chatId =
      typeof payload === 'object' && payload !== null && 'chat_id' in payload ? Number(payload.chat_id) : NaN;
    if (!Number.isSafeInteger(chatId) || method.startsWith('get')) return prev(method, payload, signal);
    const left = (queues.get(chatId) ?? Promise.resolve()).then(async () => {
      // A chat waiting for its own limit holds no global slot: other chats go meanwhile.
      await sleepUntil(chatReadyAt(chatId, sentAt.get(chatId) ?? [], limits));
      return leave(() => {
        noteSent(chatId, performance.now());
        return prev(method, payload, signal);
      });
    });
    // The chat's next send waits for this one to leave, not for Telegram's answer.
    const queued = left.catch(() => undefined);
    queues.set(chatId, queued);
    void queued.then(() => {
      if (queues.get(chatId) === queued) queues.delete(chatId);
    });
    return left.then(({ answer }) => answer);
  };
}
