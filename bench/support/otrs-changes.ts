import type { SeededTicket } from './otrs-seed.ts';

/** How TBot hears of a change: OTRS's Invoker calls the webhook, or only the poller finds it. */
export type ChangePath = 'webhook' | 'poll';

/** One change the bench makes at OTRS: a ticket's priority set to `priority` at `dueMs` into the run. */
export interface PlannedChange {
  readonly seq: number;
  readonly dueMs: number;
  readonly ticket: SeededTicket;
  /** The new priority's name (the card shows it: the text that ties a Telegram call to this change). */
  readonly priority: string;
  readonly path: ChangePath;
}

/** A change as made: when it was applied to OTRS (`performance.now()`), and the webhook's answer if any (0: none). */
export interface AppliedChange extends PlannedChange {
  readonly appliedAt: number;
  webhookStatus?: number;
}

const PRIORITY_CYCLE = ['4 high', '2 low', '5 very high', '1 very low', '3 normal'] as const;

/**
 * `perSecond × seconds` changes, evenly spaced. Change `i` goes to routed chat `i mod chats` (so every chat
 * gets its cards evenly spaced too, and none is over Telegram's limit per group by bad luck), to the next
 * ticket of that chat not yet changed (a ticket is changed again only when the chat's tickets run out), and
 * every other change of a chat is told by webhook: half the changes each way, in every chat.
 * Each change sets a priority other than the ticket's last one (seeded: `3 normal`).
 */
export function planChanges(options: {
  readonly tickets: readonly SeededTicket[];
  readonly chats: number;
  readonly perSecond: number;
  readonly seconds: number;
  /** Start at this sequence number (a second phase on the same tickets goes on where the first stopped). */
  readonly fromSeq?: number;
  /** Turns of the priority cycle each ticket has had: a later phase passes the earlier one's. */
  readonly turns?: Map<number, number>;
}): PlannedChange[] {
  const byChat: SeededTicket[][] = Array.from({ length: options.chats }, () => []);
  for (const ticket of options.tickets) byChat[ticket.chat]?.push(ticket);
  const turns = options.turns ?? new Map<number, number>();
  const from = options.fromSeq ?? 0;
  const count = Math.round(options.perSecond * options.seconds);
  const changes: PlannedChange[] = [];
  for (let i = 0; i < count; i += 1) {
    const seq = from + i;
    const chat = seq % options.chats;
    const round = Math.floor(seq / options.chats);
    const inChat = byChat[chat] ?? [];
    const ticket = inChat[round % inChat.length];
    if (ticket === undefined) throw new Error(`chat ${chat} has no tickets`);
    const turn = turns.get(ticket.id) ?? 0;
    turns.set(ticket.id, turn + 1);
    changes.push({
      seq,
      dueMs: (i * 1000) / options.perSecond,
      ticket,
      priority: PRIORITY_CYCLE[turn % PRIORITY_CYCLE.length] ?? '4 high',
      path: round % 2 === 0 ? 'webhook' : 'poll',
    });
  }
  return changes;
}

/**
 * Makes the planned changes on time from `startAt` (`performance.now()`): a 5 ms tick applies every change that
 * is due (one timer, not thousands). Telling the webhook is `apply`'s: the local OTRS's Invoker, as OTRS's
 * own, calls out asynchronously after the change.
 */
export async function runChanges(options: {
  readonly plan: readonly PlannedChange[];
  readonly startAt: number;
  readonly apply: (change: PlannedChange) => void;
  readonly signal?: AbortSignal;
}): Promise<AppliedChange[]> {
  const applied: AppliedChange[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < options.plan.length) {
        const change = options.plan[next];
        if (change === undefined || options.startAt + change.dueMs > now) break;
        next += 1;
        options.apply(change);
        applied.push({ ...change, appliedAt: performance.now() });
      }
      if (next >= options.plan.length || options.signal?.aborted) resolve();
      else setTimeout(tick, 5);
    };
    setTimeout(tick, Math.max(0, options.startAt - performance.now()));
  });
  return applied;
}
