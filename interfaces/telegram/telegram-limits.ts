import type { Transformer } from 'grammy';

/**
 * Telegram's outgoing limits: about 30 messages a second overall, one a second per chat, 20 a minute per
 * group. Spacing every send (rather than refilling a budget per interval, which lets twice the rate through
 * across an interval's edge) keeps any window within the limits, with a little room for network jitter.
 */
export interface TelegramLimits {
  readonly globalSpacingMs: number;
  readonly chatSpacingMs: number;
  readonly groupSpacingMs: number;
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  /** Between two sends of the whole bot: at most ~28.5 a second. */
  globalSpacingMs: 35,
  /** Between two sends to one private chat. */
  chatSpacingMs: 1050,
  /** Between two sends to one group: at most ~19.4 a minute. */
  groupSpacingMs: 3100,
};

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
 * The throttling transformer of every bot TBot runs. Sends to one chat go one after another, each waiting for
 * the chat's spacing after the previous one *left* (not after it was queued: @grammyjs/transformer-throttler
 * spaces a chat's jobs before they wait for the global limit, so two could leave almost together), then for a
 * global slot. A chat waiting for its own spacing holds no global slot: other chats go meanwhile.
 */
export function telegramThrottler(limits: TelegramLimits = TELEGRAM_LIMITS): Transformer {
  let globalLast = -Infinity;
  let globalQueue: Promise<unknown> = Promise.resolve();
  const chatNext = new Map<number, number>();
  const queues = new Map<number, Promise<unknown>>();

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

  return (prev, method, payload, signal) => {
    const chatId =
      typeof payload === 'object' && payload !== null && 'chat_id' in payload ? Number(payload.chat_id) : NaN;
    if (!Number.isSafeInteger(chatId) || method.startsWith('get')) return prev(method, payload, signal);
    const spacing = chatId < 0 ? limits.groupSpacingMs : limits.chatSpacingMs;
    const left = (queues.get(chatId) ?? Promise.resolve()).then(async () => {
      // A chat waiting for its own spacing holds no global slot: other chats go meanwhile.
      await sleepUntil(chatNext.get(chatId) ?? 0);
      return leave(() => {
        const now = performance.now();
        chatNext.set(chatId, now + spacing);
        // Past spacings no longer matter: forget them before the map grows with every chat ever served.
        if (chatNext.size > 10_000) for (const [id, at] of chatNext) if (at < now) chatNext.delete(id);
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
