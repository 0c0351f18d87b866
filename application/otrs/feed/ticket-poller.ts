import type { Clock, Lease, LeaseManager, Logger } from '../../ports/index.ts';
import type { OtrsGateway } from '../../ports/otrs.ts';
import type { FeedWatermark, OtrsServiceSession } from './feed-ports.ts';
import type { TicketFeed } from './ticket-feed.ts';

export const OTRS_POLLER_LEASE = 'otrs:feed:poller';

/** The poller's defaults; each is an option. */
export const POLLER_DEFAULTS = {
  /**
   * How far before its watermark a round asks again. The watermark is OTRS's own `Changed` (no clock of
   * TBot's is compared with OTRS's), but OTRS stamps a change when its transaction starts and commits it
   * later: a ticket changed at 10:00:05 may be committed after a search at 10:00:10 has seen one changed at
   * 10:00:08. A minute covers any request OTRS lets run; the decider makes the tickets seen again harmless.
   */
  marginMs: 60_000,
  /**
   * How often a round goes back the whole margin (a sweep); the rounds between go back `overlapMs` only.
   * Every round going back a minute re-read each ticket changed in that minute six times at a 10 s interval
   * (bench:otrs: 7 tickets read per change); the late commits the margin is for are rare and short, and a
   * sweep a minute still finds each within a minute (the webhook, where there is one, sooner).
   */
  sweepEveryMs: 60_000,
  /** How far before its watermark a round between sweeps asks again: OTRS's `Changed` has whole seconds. */
  overlapMs: 1000,
  /** Ids per TicketSearch (one page); a full page is followed by the next, from its cursor (`pageCursor`). */
  searchLimit: 1000,
  /** Pages per round at most: after an outage the backlog is read over several rounds. */
  maxPagesPerRound: 10,
} as const;

export interface TicketPollerDeps {
  readonly feed: Pick<TicketFeed, 'record'>;
  readonly gateway: Pick<OtrsGateway, 'searchTickets'>;
  readonly session: OtrsServiceSession;
  readonly watermark: FeedWatermark;
  readonly leases: LeaseManager;
  /** `OTRS_POLL_INTERVAL_MS`: between the end of one round and the start of the next. */
  readonly everyMs: number;
  /**
   * The instant a search for changes after `mark` starts at, `marginMs` before it and earlier still when
   * OTRS's wall clock went back meanwhile (summer time ending: see `otrsSearchStart`).
   */
  readonly searchStart: (mark: Date, now: Date, marginMs: number) => Date;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly marginMs?: number;
  readonly sweepEveryMs?: number;
  readonly overlapMs?: number;
  readonly searchLimit?: number;
  readonly maxPagesPerRound?: number;
  readonly leaseTtlMs?: number;
}

export interface PollRound {
  readonly pages: number;
  readonly read: number;
  readonly events: number;
  /** The watermark after the round (`null`: nothing recorded yet, ever). */
  readonly watermark: Date | null;
}

export interface TicketPoller {
  /** One round if this node holds (or takes) the poller's lease; `null` when another node polls. */
  runOnce(): Promise<PollRound | null>;
  /** Rounds every `everyMs` until stopped; a failed round is logged and the next one tries again. */
  start(): { stop(): Promise<void> };
}

/** The share of a full page, its last ids in search order, whose smallest `Changed` is the page's cursor. */
const CURSOR_TAIL = 4;

/**
 * Where a full page ends, as far as the next page is concerned. Not the latest `Changed` TicketGet returned:
 * TicketGet runs after TicketSearch, and a ticket of the page touched in between reads as changed "now", so a
 * cursor from it would skip the rest of a backlog (review 1, R4). The search's own order is as of the search:
 * a ticket's `Changed` only grows, so the page's last ids read now at or above where the search cut, unless
 * each of them was touched since. The smallest among the last quarter of the page is therefore at or below
 * the cut unless a quarter of the page changed within the seconds between search and read, and it still moves
 * on by three quarters of a page. A ticket pushed up by a change is read again later anyway. (Bounding each
 * round with `TicketLastChangeTimeOlderDate` would not help: the touched ticket reads the same.)
 */
function pageCursor(ids: readonly number[], changedById: ReadonlyMap<number, Date>): Date | null {
  const read = ids.filter((id) => changedById.has(id));
  const tail = read.slice(read.length - Math.max(1, Math.ceil(read.length / CURSOR_TAIL)));
  let cursor: Date | null = null;
  for (const id of tail) {
    const at = changedById.get(id);
    if (at !== undefined && (cursor === null || at < cursor)) cursor = at;
  }
  return cursor;
}

/**
 * The feed's safety net, on one node at a time (a lease, renewed between pages and kept across rounds): asks
 * TicketSearch for the tickets changed since the watermark, oldest change first, records them through the
 * feed, and moves the watermark to the latest change of each page once that page is recorded whole. OTRS down
 * mid-round leaves the watermark where the last whole page put it, and the next round resumes from there.
 * The first round of a deployment reads the open tickets.
 */
export function createTicketPoller(deps: TicketPollerDeps): TicketPoller {
  const marginMs = deps.marginMs ?? POLLER_DEFAULTS.marginMs;
  const sweepEveryMs = deps.sweepEveryMs ?? POLLER_DEFAULTS.sweepEveryMs;
  const overlapMs = Math.min(marginMs, deps.overlapMs ?? POLLER_DEFAULTS.overlapMs);
  /** When this node's last sweep started (clock ms); a node that takes the lease over sweeps first. */
  let lastSweepAt: number | null = null;
  const limit = deps.searchLimit ?? POLLER_DEFAULTS.searchLimit;
  const maxPages = deps.maxPagesPerRound ?? POLLER_DEFAULTS.maxPagesPerRound;
  const ttlMs = deps.leaseTtlMs ?? Math.max(3 * deps.everyMs, 30_000);
  const { logger } = deps;
  let lease: Lease | null = null;

  const holdLease = async (): Promise<boolean> => {
    if (lease && (await lease.renew())) return true;
    lease = await deps.leases.tryAcquire(OTRS_POLLER_LEASE, ttlMs);
    // Another node may have polled meanwhile, sweeping on its own schedule: this one sweeps first.
    if (lease !== null) lastSweepAt = null;
    return lease !== null;
  };

  const round = async (): Promise<PollRound> => {
    const start = await deps.watermark.read();
    const now = deps.clock.now();
    // A deployment's first round: every open ticket, oldest change first, then changes from the watermark.
    const openOnly = start === null;
    const sweep = lastSweepAt === null || now.getTime() - lastSweepAt >= sweepEveryMs;
    let since = start === null ? undefined : deps.searchStart(start, now, sweep ? marginMs : overlapMs);
    let mark = start;
    let read = 0;
    let events = 0;
    let pages = 0;
    // Pages that only read again what the round's start went back for (the margin, the summer time swing)
    // do not count against `maxPages`: after summer time ends, the hour before the watermark may hold more
    // than `maxPages` pages, and a round that stopped inside it would start there again, forever.
    let counted = 0;
    let previous: Date | null = null;
    while (counted < maxPages) {
      pages += 1;
      const ids = await deps.session.run((session) =>
        deps.gateway.searchTickets(session, {
          ...(since === undefined ? {} : { changedSince: since }),
          openOnly,
          limit,
          oldestChangeFirst: true,
        }),
      );
      if (ids.length === 0) break;
      const outcome = await deps.feed.record(ids, 'poller');
      read += outcome.read;
      events += outcome.events;
      const full = ids.length >= limit;
      // A page that is not full holds every change after `since`: the latest of them is the watermark. A
      // full page was cut by the search somewhere: see `pageCursor`.
      const latest = full ? pageCursor(ids, outcome.changedById) : outcome.latestChange;
      if (latest !== null && (mark === null || latest > mark)) {
        await deps.watermark.advance(latest);
        mark = latest;
      }
      if (start === null || (latest !== null && latest > start)) counted += 1;
      if (!full || latest === null) break;
      // A full page: the next starts at its cursor, a second before (ties on that second). OTRS sorts and
      // compares its stored wall-clock `Changed`, and the cursor is one of those, read back: no time zone
      // swing here (review 1, R5: with it every page started an hour back after a summer time change, and a
      // busy hour stalled the poller). The swing applies only at the round's start, from the stored instant.
      // Cursors come from OTRS's wall clock, so comparing one with the last is comparing in OTRS's order.
      const next = new Date(latest.getTime() - 1000);
      if (previous !== null && latest <= previous) {
        logger.warn(
          { limit, since: since?.toISOString() },
          'OTRS poller: more changes within one margin than one search answers; the webhook must carry them',
        );
        break;
      }
      previous = latest;
      since = next;
      if (!(await holdLease())) break;
    }
    if (sweep) lastSweepAt = now.getTime();
    return { pages, read, events, watermark: mark };
  };

  const runOnce = async (): Promise<PollRound | null> => {
    if (!(await holdLease())) return null;
    return round();
  };

  return {
    runOnce,
    start() {
      let stopped = false;
      let timer: NodeJS.Timeout | null = null;
      let running: Promise<void> = Promise.resolve();
      const tick = () => {
        running = runOnce().then(
          (result) => {
            if (result && result.events > 0) logger.info({ ...result }, 'OTRS poller recorded changes');
          },
          (error: unknown) => logger.warn({ err: error }, 'OTRS poll round failed; the next one resumes'),
        );
        void running.then(() => {
          if (!stopped) {
            timer = setTimeout(tick, deps.everyMs);
            timer.unref();
          }
        });
      };
      tick();
      return {
        async stop() {
          stopped = true;
          if (timer) clearTimeout(timer);
          await running;
          await lease?.release();
          lease = null;
          lastSweepAt = null;
        },
      };
    },
  };
}
