import type { RecordedOtrsCall } from '../../test/support/otrs-server/index.ts';

/**
 * When each request reached the local OTRS server, to within `everyMs`: the server records requests in order
 * but not their time, so a sampler notes how many there were every few milliseconds.
 */
export function startCallClock(calls: readonly RecordedOtrsCall[], everyMs = 50) {
  const samples: { at: number; count: number }[] = [{ at: performance.now(), count: calls.length }];
  const timer = setInterval(() => samples.push({ at: performance.now(), count: calls.length }), everyMs);
  return {
    /** `performance.now()` by which call `index` had arrived. */
    timeOf: (index: number): number => {
      let low = 0;
      let high = samples.length - 1;
      if ((samples[high]?.count ?? 0) <= index) return performance.now();
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((samples[mid]?.count ?? 0) > index) high = mid;
        else low = mid + 1;
      }
      return samples[low]?.at ?? performance.now();
    },
    stop: () => clearInterval(timer),
  };
}

export interface PollerFigures {
  readonly minutes: number;
  readonly searches: number;
  /** TicketGet requests of the poller (a batch, or one ticket no webhook named) and the tickets they read. */
  readonly pollerGets: number;
  readonly pollerTicketsRead: number;
  /** TicketGet requests for one ticket a webhook call named (the webhook path reading it). */
  readonly webhookGets: number;
  readonly sessions: number;
  /** How far back each search reached: its time minus its TicketLastChangeTimeNewerDate, s. */
  readonly windowMeanS: number;
  readonly windowMaxS: number;
}

const idsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : []).filter(
    (id) => id !== '',
  );

/**
 * The OTRS requests of calls `from..until` (indexes into the server's record), by who made them: TicketSearch
 * is the poller's; a TicketGet of one ticket a webhook call named is the webhook's, every other the poller's.
 * `localToMs` turns the server's local time text into epoch ms.
 */
export function pollerFigures(options: {
  readonly calls: readonly RecordedOtrsCall[];
  readonly from: number;
  readonly until: number;
  readonly timeOf: (index: number) => number;
  readonly webhookTickets: ReadonlySet<string>;
  readonly localToMs: (local: string) => number;
  readonly minutes: number;
}): PollerFigures {
  let searches = 0;
  let pollerGets = 0;
  let pollerTicketsRead = 0;
  let webhookGets = 0;
  let sessions = 0;
  const windows: number[] = [];
  for (let i = options.from; i < options.until; i += 1) {
    const call = options.calls[i];
    if (call === undefined) continue;
    if (call.operation === 'SessionCreate') sessions += 1;
    if (call.operation === 'TicketSearch') {
      searches += 1;
      const since = call.data['TicketLastChangeTimeNewerDate'];
      if (typeof since === 'string' && since !== '') {
        windows.push((performance.timeOrigin + options.timeOf(i) - options.localToMs(since)) / 1000);
      }
    }
    if (call.operation === 'TicketGet') {
      const ids = idsOf(call.data['TicketID']);
      if (ids.length === 1 && options.webhookTickets.has(ids[0] ?? '')) webhookGets += 1;
      else {
        pollerGets += 1;
        pollerTicketsRead += ids.length;
      }
    }
  }
  return {
    minutes: options.minutes,
    searches,
    pollerGets,
    pollerTicketsRead,
    webhookGets,
    sessions,
    windowMeanS: windows.length === 0 ? Number.NaN : windows.reduce((a, b) => a + b, 0) / windows.length,
    windowMaxS: windows.length === 0 ? Number.NaN : Math.max(...windows),
  };
}
