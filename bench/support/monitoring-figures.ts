import type { RecordedCall } from '../../test/support/bot-api-emulator.ts';

/**
 * A probe reaching its target up to this long before its slot's start still counts as the slot's: a node's
 * timer may fire a few ms early by the wall clock (libuv's loop time is cached), and a probe is not late then.
 */
const EARLY_TOLERANCE_MS = 200;

export interface SlotFigures {
  /** Probes that reached the targets in the measured slots. */
  readonly probes: number;
  /** Arrival at the target minus the slot's start, for the first probe of each (target, slot). */
  readonly lagsMs: number[];
  /** Probes beyond the first of one (target, slot). */
  readonly duplicates: number;
  /** (target, slot) pairs no probe reached, of the targets that answered throughout. */
  readonly missed: number;
}

/**
 * What the targets saw of slots `firstSlot` ..< `endSlot`: each hit belongs to the slot whose planned run (its
 * start plus the target's `offsetOf`, 0 when each check runs at its slot's start) it arrived at or after (or
 * just before), so a second hit in one slot is a duplicate check.
 */
export function slotFigures(
  targets: readonly { readonly index: number; readonly hits: readonly number[] }[],
  intervalMs: number,
  firstSlot: number,
  endSlot: number,
  flapping: ReadonlySet<number>,
  offsetOf: (index: number) => number = () => 0,
): SlotFigures {
  let probes = 0;
  let duplicates = 0;
  let missed = 0;
  const lagsMs: number[] = [];
  for (const target of targets) {
    const seen = new Set<number>();
    const offset = offsetOf(target.index);
    for (const hit of target.hits) {
      const slot = Math.floor((hit - offset + EARLY_TOLERANCE_MS) / intervalMs);
      if (slot < firstSlot || slot >= endSlot) continue;
      probes += 1;
      if (seen.has(slot)) {
        duplicates += 1;
        continue;
      }
      seen.add(slot);
      lagsMs.push(hit - slot * intervalMs - offset);
    }
    if (!flapping.has(target.index)) missed += endSlot - firstSlot - seen.size;
  }
  return { probes, lagsMs, duplicates, missed };
}

/** One planned outage of a flapping target: when it stopped answering (`performance.now()`). */
export interface Outage {
  readonly name: string;
  readonly downAt: number;
}

const sentText = (call: RecordedCall): string | null =>
  call.status === 200 &&
  (call.method === 'sendMessage' || call.method === 'editMessageText') &&
  typeof call.payload['text'] === 'string'
    ? call.payload['text']
    : null;

/**
 * The line an alert gives a server that is down (`monitoringAlertText`): `<b>name</b> — since …` in English,
 * `— с …` in Russian; a recovered one is `<b>name</b>: ✅ …`.
 */
const downLine = (name: string) => `<b>${name}</b> — `;

export interface AlertFigures {
  /** From the moment the target stopped answering to the first Bot API call naming it down. */
  readonly latenciesMs: number[];
  /** Each alerted outage with its alert's call (`performance.now()`), for the latency's parts. */
  readonly alerted: readonly (Outage & { readonly alertAt: number })[];
  /** Outages no call named down. */
  readonly missing: number;
  /** Servers named down that never stopped answering. */
  readonly falseAlerts: number;
  /** The most messages (sent or edited) to one chat within any 60 s. */
  readonly maxPerChatPerMinute: number;
}

export function alertFigures(
  outages: readonly Outage[],
  calls: readonly RecordedCall[],
  flappingNames: ReadonlySet<string>,
): AlertFigures {
  const texts = calls.flatMap((call) => {
    const text = sentText(call);
    return text === null ? [] : [{ call, text }];
  });
  const latenciesMs: number[] = [];
  const alerted: (Outage & { alertAt: number })[] = [];
  let missing = 0;
  for (const outage of outages) {
    const line = downLine(outage.name);
    const first = texts.find(({ call, text }) => call.at >= outage.downAt && text.includes(line));
    if (first) {
      latenciesMs.push(first.call.at - outage.downAt);
      alerted.push({ ...outage, alertAt: first.call.at });
    } else missing += 1;
  }
  const namedDown = new Set<string>();
  for (const { text } of texts) {
    for (const match of text.matchAll(/<b>([^<]+)<\/b> — /g)) if (match[1]) namedDown.add(match[1]);
  }
  const falseAlerts = [...namedDown].filter((name) => !flappingNames.has(name)).length;
  const byChat = new Map<string, number[]>();
  for (const { call } of texts) {
    // By chat: an edit names no topic (each group of the bench has a chat of its own).
    const chat = String(call.payload['chat_id']);
    const times = byChat.get(chat) ?? [];
    times.push(call.at);
    byChat.set(chat, times);
  }
  let maxPerChatPerMinute = 0;
  for (const times of byChat.values()) {
    times.sort((a, b) => a - b);
    let from = 0;
    for (let to = 0; to < times.length; to += 1) {
      while ((times[to] ?? 0) - (times[from] ?? 0) >= 60_000) from += 1;
      maxPerChatPerMinute = Math.max(maxPerChatPerMinute, to - from + 1);
    }
  }
  return { latenciesMs, alerted, missing, falseAlerts, maxPerChatPerMinute };
}

/** A `ServerWentDown` as the event log holds it: the probe's start (its `at`) and the append's time. */
export interface DownEvent {
  readonly name: string;
  readonly probedAtMs: number;
  readonly recordedAtMs: number;
}

export interface AlertParts {
  /** The target stopping → the start of the probe that found the check DOWN (slot wait, retry, lag). */
  readonly detectMs: number[];
  /** That probe's start → its `ServerWentDown` appended (probe, results write, state decision). */
  readonly decideMs: number[];
  /** The append → the Bot API call (projection, reactor, outbox, sender, throttle). */
  readonly deliverMs: number[];
}

/** Splits each alert's latency at its `ServerWentDown` (the first of its server after the outage began). */
export function alertParts(
  alerted: AlertFigures['alerted'],
  downEvents: readonly DownEvent[],
  toWallMs: (performanceMs: number) => number,
): AlertParts {
  const parts: AlertParts = { detectMs: [], decideMs: [], deliverMs: [] };
  for (const outage of alerted) {
    const downWall = toWallMs(outage.downAt);
    const event = downEvents
      .filter((e) => e.name === outage.name && e.recordedAtMs >= downWall)
      .sort((a, b) => a.recordedAtMs - b.recordedAtMs)[0];
    if (!event) continue;
    parts.detectMs.push(event.probedAtMs - downWall);
    parts.decideMs.push(event.recordedAtMs - event.probedAtMs);
    parts.deliverMs.push(toWallMs(outage.alertAt) - event.recordedAtMs);
  }
  return parts;
}
