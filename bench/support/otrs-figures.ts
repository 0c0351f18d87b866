import type { AppliedChange, ChangePath } from './otrs-changes.ts';

/** A Bot API call as the emulator recorded it (`at`: `performance.now()` on arrival). */
export interface TelegramCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  readonly at: number;
  readonly status: number;
}

export interface CardFigures {
  /** Change to its first Telegram call (per chat it went to), ms, by the path TBot was told by. */
  readonly latenciesMs: Readonly<Record<ChangePath, number[]>>;
  /** Changes no Telegram call showed (by path). */
  readonly missing: Readonly<Record<ChangePath, number>>;
  /** Changes shown more than once in one chat: one change, one card, several calls. */
  readonly duplicates: number;
  /** The calls beyond the first of those. */
  readonly duplicateCalls: number;
  /** Card calls that show no change of the phase (a ticket's priority it did not get, a ticket not changed). */
  readonly unmatchedCalls: number;
  readonly cardCalls: number;
}

const CARD_METHODS = new Set(['sendMessage', 'editMessageText']);
/** OTRS ticket numbers as the local server makes them: the date and the id, 14 digits. */
const TICKET_NUMBER = /\d{10,20}/g;

/**
 * Ties each card call (a `sendMessage` or `editMessageText` Telegram accepted) to the change it shows: its text
 * names the ticket's number and the priority the change set; of that ticket's changes, the latest made before
 * the call that set a priority the text names. The first such call per (change, chat) gives the latency; any
 * further one is a duplicate. Calls before `fromAt` (the warm-up's) are left out.
 */
export function cardFigures(
  changes: readonly AppliedChange[],
  calls: readonly TelegramCall[],
  fromAt = -Infinity,
): CardFigures {
  const byNumber = new Map<string, AppliedChange[]>();
  for (const change of [...changes].sort((a, b) => a.appliedAt - b.appliedAt)) {
    const list = byNumber.get(change.ticket.number) ?? [];
    list.push(change);
    byNumber.set(change.ticket.number, list);
  }
  const seen = new Map<string, number>();
  const firstAt = new Map<number, number>();
  let unmatchedCalls = 0;
  let cardCalls = 0;
  const cards = calls
    .filter((call) => call.status === 200 && CARD_METHODS.has(call.method) && call.at >= fromAt)
    .sort((a, b) => a.at - b.at);
  for (const call of cards) {
    cardCalls += 1;
    const text = typeof call.payload['text'] === 'string' ? call.payload['text'] : '';
    const lower = text.toLowerCase();
    const candidates = [...text.matchAll(TICKET_NUMBER)].flatMap((match) => byNumber.get(match[0]) ?? []);
    const change = candidates
      .filter((c) => c.appliedAt <= call.at && lower.includes(c.priority.toLowerCase()))
      .at(-1);
    if (change === undefined) {
      unmatchedCalls += 1;
      continue;
    }
    const key = `${change.seq}/${String(call.payload['chat_id'])}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (!firstAt.has(change.seq)) firstAt.set(change.seq, call.at);
  }
  const latenciesMs: Record<ChangePath, number[]> = { webhook: [], poll: [] };
  const missing: Record<ChangePath, number> = { webhook: 0, poll: 0 };
  for (const change of changes) {
    const at = firstAt.get(change.seq);
    if (at === undefined) missing[change.path] += 1;
    else latenciesMs[change.path].push(at - change.appliedAt);
  }
  let duplicates = 0;
  let duplicateCalls = 0;
  for (const count of seen.values()) {
    if (count > 1) {
      duplicates += 1;
      duplicateCalls += count - 1;
    }
  }
  return { latenciesMs, missing, duplicates, duplicateCalls, unmatchedCalls, cardCalls };
}
