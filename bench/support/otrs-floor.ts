/**
 * The floor of change-to-Telegram-call latency under Telegram's documented limits (its Bot FAQ): what a perfect
 * sender would achieve for the same arrivals, so the bench can say how much of a latency is TBot's and how much
 * is the limits'. A message may go at time T when its chat was last sent to at least `chatSpacingMs` before,
 * a group had fewer than `groupMaxPerWindow` sends in (T - `groupWindowMs`, T], and the bot fewer than
 * `globalPerSecond` sends in (T - 1 s, T]. Whenever one may go, the scheduler sends the oldest waiting message
 * whose chat allows it (greedy, oldest first, never idle while something may go): with the limits binding
 * (more arrivals than they let through), no scheduler sends the k-th message earlier than the bot's or the
 * chat's budget allows, which this one reaches.
 */
export interface FloorLimits {
  readonly chatSpacingMs: number;
  readonly groupMaxPerWindow: number;
  readonly groupWindowMs: number;
  readonly globalPerSecond: number;
}

/** Telegram's documented figures themselves, without TBot's margins (1 s, 20 a minute, 30 a second). */
export const DOCUMENTED_LIMITS: FloorLimits = {
  chatSpacingMs: 1000,
  groupMaxPerWindow: 20,
  groupWindowMs: 60_000,
  globalPerSecond: 30,
};

export interface Arrival {
  /** When the message could be sent at the earliest (ms, any clock). */
  readonly at: number;
  readonly chatId: number;
}

/** Each arrival's wait (ms) from `at` to its send under `limits`, in the order given. */
export function floorWaits(arrivals: readonly Arrival[], limits: FloorLimits = DOCUMENTED_LIMITS): number[] {
  const order = arrivals.map((arrival, index) => ({ ...arrival, index })).sort((a, b) => a.at - b.at);
  const queues = new Map<number, { at: number; index: number }[]>();
  for (const item of order) {
    const queue = queues.get(item.chatId) ?? [];
    queue.push(item);
    queues.set(item.chatId, queue);
  }
  const heads = new Map<number, number>();
  const sentTo = new Map<number, number[]>();
  const global: number[] = [];
  const waits = new Array<number>(arrivals.length).fill(0);
  const chatReady = (chatId: number) => {
    const sent = sentTo.get(chatId) ?? [];
    const last = sent.at(-1);
    if (last === undefined) return -Infinity;
    let at = last + limits.chatSpacingMs;
    if (chatId < 0 && sent.length >= limits.groupMaxPerWindow) {
      at = Math.max(at, (sent[sent.length - limits.groupMaxPerWindow] ?? last) + limits.groupWindowMs);
    }
    return at;
  };
  const globalReady = () =>
    global.length >= limits.globalPerSecond
      ? (global[global.length - limits.globalPerSecond] ?? -Infinity) + 1000
      : -Infinity;
  for (let left = arrivals.length; left > 0; left -= 1) {
    // The chats' earliest possible sends; the first time any may go, the oldest message among those that may.
    let soonest = Infinity;
    const ready: { chatId: number; at: number; arrived: number }[] = [];
    for (const [chatId, queue] of queues) {
      const head = queue[heads.get(chatId) ?? 0];
      if (head === undefined) continue;
      const at = Math.max(head.at, chatReady(chatId));
      ready.push({ chatId, at, arrived: head.at });
      soonest = Math.min(soonest, at);
    }
    const when = Math.max(soonest, globalReady());
    let pick: { chatId: number; arrived: number } | null = null;
    for (const candidate of ready) {
      if (candidate.at <= when && (pick === null || candidate.arrived < pick.arrived)) pick = candidate;
    }
    if (pick === null) break;
    const position = heads.get(pick.chatId) ?? 0;
    const item = queues.get(pick.chatId)?.[position];
    heads.set(pick.chatId, position + 1);
    if (item === undefined) break;
    waits[item.index] = when - item.at;
    const sent = sentTo.get(pick.chatId) ?? [];
    sent.push(when);
    if (sent.length > limits.groupMaxPerWindow) sent.shift();
    sentTo.set(pick.chatId, sent);
    global.push(when);
    if (global.length > limits.globalPerSecond) global.shift();
  }
  return waits;
}
