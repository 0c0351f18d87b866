import type { TicketActionRunner } from '../../application/otrs/index.ts';
import type { Logger, OtrsActionQueue } from '../../application/ports/index.ts';
import { sleep } from '../../projections/abortable-sleep.ts';

export interface OtrsActionWorkerOptions {
  /** How long the queue is looked at again when it was empty (an agent waits on the button's answer). */
  readonly idlePollMs: number;
  /** How long a claimed action is this worker's: longer than an OTRS call with its refresh. */
  readonly claimMs: number;
  /** Actions claimed at once. */
  readonly batch: number;
  /** After a failure that is not OTRS's answer (the log unreachable, a bug): when to try the action again. */
  readonly retryMs: number;
}

const DEFAULTS: OtrsActionWorkerOptions = { idlePollMs: 200, claimMs: 60_000, batch: 10, retryMs: 5_000 };

export interface OtrsActionWorkerDeps {
  readonly queue: OtrsActionQueue;
  readonly runner: TicketActionRunner;
  readonly nodeId: string;
  readonly logger: Logger;
  readonly options?: Partial<OtrsActionWorkerOptions>;
}

/**
 * The OTRS action worker of this node: claims the actions the OTRS actions reactor queued, makes each with the
 * agent's session (`TicketActionRunner`), and takes it off the queue once its outcome is recorded. Every node
 * with OTRS on runs one; a claim keeps two from making one action at once. A worker that dies mid-action leaves
 * its claim to run out: the action is then made by the next claim (see NOTES on a note's second call).
 */
export function startOtrsActionWorker(deps: OtrsActionWorkerDeps): { stop(): Promise<void> } {
  const { queue, runner, nodeId, logger } = deps;
  const options = { ...DEFAULTS, ...deps.options };
  const stopping = new AbortController();

  async function once(): Promise<number> {
    const claimed = await queue.claim(nodeId, options.batch, options.claimMs);
    for (const action of claimed) {
      try {
        await runner.run(action.ticketId, action.actionId, action.attempts);
        await queue.done(action.actionId);
      } catch (error) {
        logger.error({ err: error, actionId: action.actionId }, 'otrs action failed; retried later');
        await queue.later(action.actionId, options.retryMs).catch(() => undefined);
      }
    }
    return claimed.length;
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      let worked = 0;
      try {
        worked = await once();
      } catch (error) {
        logger.error({ err: error }, 'otrs action queue unreachable');
      }
      if (worked === 0) await sleep(options.idlePollMs, stopping.signal);
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
