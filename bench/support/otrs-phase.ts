import type { BotApiEmulator } from '../../test/support/bot-api-emulator.ts';
import { eventually } from '../../test/support/eventually.ts';
import type { LocalOtrsServer } from '../../test/support/otrs-server/index.ts';
import { type AppliedChange, type PlannedChange, runChanges } from './otrs-changes.ts';
import { type CardFigures, cardFigures } from './otrs-figures.ts';
import { type PollerFigures, pollerFigures, startCallClock } from './otrs-poller-figures.ts';

/** The change: a priority update, as OTRS's event handler names it (what the Invoker is connected to). */
export const CHANGE_EVENT = 'TicketPriorityUpdate';

export interface PhaseResult {
  readonly applied: AppliedChange[];
  readonly cards: CardFigures;
  readonly poller: PollerFigures;
  /** From the first change to the last. */
  readonly seconds: number;
  /** Webhook calls answered other than 200 (or not at all). */
  readonly webhookFailures: number;
}

/** OTRS's local time text as epoch ms (the bench's OTRS keeps UTC). */
export const utcLocalToMs = (local: string) => Date.parse(`${local.replace(' ', 'T')}Z`);

/**
 * Makes `plan`'s changes at the local OTRS, its Invoker connected to `webhookUrl(change)` for the webhook ones
 * and disconnected for the others (so only the poller can find those), then waits until
 * every change has been shown (or `drainMs` passed), and measures: the card calls from the phase's start on,
 * and the OTRS requests from the first change until one poll interval after the last (the poller's round over
 * the last changes may still be running then).
 */
export async function runPhase(options: {
  readonly otrs: LocalOtrsServer;
  readonly emulator: BotApiEmulator;
  readonly plan: readonly PlannedChange[];
  readonly changingAgentId: number;
  readonly webhookUrl: (change: PlannedChange) => string;
  readonly secret: string;
  readonly pollIntervalMs: number;
  readonly drainMs: number;
}): Promise<PhaseResult> {
  const { otrs, emulator } = options;
  const clock = startCallClock(otrs.calls);
  const fromCall = otrs.calls.length;
  const deliveredBefore = otrs.invoker.deliveries.length;
  const startAt = performance.now() + 200;
  try {
    const applied = await runChanges({
      plan: options.plan,
      startAt,
      apply: (change) => {
        const ticket = otrs.state.tickets.get(change.ticket.id);
        if (change.path === 'webhook') {
          otrs.invoker.connect({
            url: options.webhookUrl(change),
            secret: options.secret,
            events: [CHANGE_EVENT],
          });
        } else otrs.invoker.disconnect();
        // The Invoker takes its target when the change fires its event, so each change goes its own way.
        if (ticket) otrs.state.change(ticket, options.changingAgentId, { priority: change.priority });
        otrs.invoker.disconnect();
      },
    });
    await otrs.invoker.settled();
    // Each webhook change's delivery: that ticket's next one, in order.
    const deliveries = new Map<number, number[]>();
    for (const delivery of otrs.invoker.deliveries.slice(deliveredBefore)) {
      deliveries.set(delivery.ticketId, [...(deliveries.get(delivery.ticketId) ?? []), delivery.status]);
    }
    for (const change of applied) {
      if (change.path === 'webhook') change.webhookStatus = deliveries.get(change.ticket.id)?.shift() ?? 0;
    }
    const lastChangeAt = performance.now();
    const shownAll = () => {
      const figures = cardFigures(applied, emulator.calls, startAt);
      return figures.missing.webhook + figures.missing.poll === 0;
    };
    await eventually(shownAll, options.drainMs, 250);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, lastChangeAt + options.pollIntervalMs - performance.now())),
    );
    const untilCall = otrs.calls.length;
    const webhookTickets = new Set(
      applied.filter((change) => change.path === 'webhook').map((change) => String(change.ticket.id)),
    );
    return {
      applied,
      cards: cardFigures(applied, emulator.calls, startAt),
      poller: pollerFigures({
        calls: otrs.calls,
        from: fromCall,
        until: untilCall,
        timeOf: clock.timeOf,
        webhookTickets,
        localToMs: utcLocalToMs,
        minutes: (lastChangeAt + options.pollIntervalMs - startAt) / 60_000,
      }),
      seconds: (lastChangeAt - startAt) / 1000,
      webhookFailures: applied.filter((change) => change.path === 'webhook' && change.webhookStatus !== 200)
        .length,
    };
  } finally {
    clock.stop();
  }
}
