import type { Api } from 'grammy';
import {
  type ClaimedOutboxRow,
  NO_RECIPIENT_CHAT,
  type NotificationMetrics,
  type Outbox,
  type OutboxSendLimits,
  noNotificationMetrics,
} from '../../../application/notifications/index.ts';
import type { Logger } from '../../../application/ports/index.ts';
import type { SettingValue } from '../../../domain/settings/index.ts';
import { sleep } from '../../../projections/abortable-sleep.ts';
import type { ProjectionStore } from '../../../projections/index.ts';
import type { CallbackSigner } from '../callback-data.ts';
import { type ActorNames, noticeKeyboard, renderNotice, withActorNames } from './notice-rendering.ts';
import { classifySendFailure } from './send-failure.ts';

export interface OutboxSenderOptions {
  /**
   * Rows this node sends side by side at most (one per chat: a chat's rows go one after another). A slot is
   * taken again as soon as its send is done, so a slow chat holds its own slot, not the others'.
   */
  readonly maxInFlight: number;
  /** How long one send may take, the client's throttle and retries included. */
  readonly sendTimeoutMs: number;
  /** How long a claimed row is this node's; must outlast a send, or another node could send it meanwhile. */
  readonly claimMs: number;
  /** How often an idle sender looks for rows. */
  readonly idlePollMs: number;
  /**
   * How often a busy sender (sends in flight, or rows found last time) looks again for rows that came due (a
   * chat's spacing over); a finished send makes it look sooner, but never within `minClaimGapMs` of the last.
   */
  readonly busyPollMs: number;
  readonly minClaimGapMs: number;
  /** First retry delay of a transient failure; doubles per try up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
}

export const DEFAULT_SENDER_OPTIONS: OutboxSenderOptions = {
  maxInFlight: 16,
  sendTimeoutMs: 30_000,
  claimMs: 120_000,
  idlePollMs: 500,
  busyPollMs: 200,
  minClaimGapMs: 50,
  retryBaseMs: 1_000,
  retryMaxMs: 300_000,
};

export interface OutboxSenderDeps {
  readonly outbox: Outbox;
  /** The bot's `Api` (throttled, retried on 429/5xx, logged), or one configured the same way. */
  readonly api: Pick<Api, 'sendMessage' | 'editMessageText'>;
  /** The live settings: texts and default language, read at send time. */
  readonly settings: () => Readonly<Record<string, SettingValue>>;
  /** Where reactors park: a row that is our own error parks the reactor that wrote it. */
  readonly projectionStore: Pick<ProjectionStore, 'list' | 'read' | 'park'>;
  /** Signs the buttons of notices that have some (an alert's acknowledge); without it they are left out. */
  readonly callbackSigner?: CallbackSigner;
  /** Names the people an alert shows (who took it) at send time; without it they show as `—`. */
  readonly actorNames?: ActorNames;
  /** The reactors whose rows this node sends. */
  readonly reactors: readonly string[];
  readonly nodeId: string;
  readonly logger: Logger;
  readonly metrics?: NotificationMetrics;
  /**
   * Telegram's limits, applied by the claim across every node that sends (a node's own client throttles only
   * its own calls). Without them (a test at the emulator) rows are due as soon as their chat's turn comes.
   */
  readonly limits?: OutboxSendLimits;
  readonly options?: Partial<OutboxSenderOptions>;
}

/** What an admin does about a row for nobody, by its kind (a monitoring alert's unless listed). */
const UNROUTED_HINTS: Readonly<Record<string, string>> = {
  // OTRS (#16)
  'otrs.unrouted': 'OTRS ticket routed nowhere: add a routing rule for its queue (PUT /api/v1/otrs/routing)',
};

/**
 * Drains the notification outbox: claims due rows, sends each through the Telegram client, marks it sent.
 * At least once: a row is marked only after Telegram accepted it, so a node killed in between leaves it claimed,
 * and once the claim runs out it is sent again (the one duplicate there can be). A recipient who cannot be
 * reached is marked undeliverable and the rest go on; Telegram's or the network's trouble is retried with
 * exponential backoff; our own error (a row this version cannot render, a request Telegram refuses as such)
 * parks the reactor, as a failing event does, shown in `tbot projections status`.
 */
export function startOutboxSender(deps: OutboxSenderDeps): { stop(): Promise<void> } {
  const { outbox, logger } = deps;
  const options = { ...DEFAULT_SENDER_OPTIONS, ...deps.options };
  const metrics = deps.metrics ?? noNotificationMetrics;
  const stopping = new AbortController();

  const backoff = (attempts: number, retryAfterMs: number | null) => {
    const exponential = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.min(attempts - 1, 20));
    // Jitter keeps nodes and rows that failed together from coming back together.
    return Math.max(retryAfterMs ?? 0, Math.round(exponential * (0.75 + Math.random() / 2)));
  };

  /** Parks the row's reactor (fenced by its current epoch); the row waits, pending, for a retry. */
  const park = async (row: ClaimedOutboxRow, error: string) => {
    const context = { outboxId: row.id, reactor: row.reactor, kind: row.kind, err: error };
    const state = await deps.projectionStore.read(row.reactor);
    const parked =
      state?.checkpoint && state.status === 'running'
        ? await deps.projectionStore.park(row.reactor, state.epoch, {
            checkpoint: state.checkpoint,
            eventType: `outbox:${row.kind}`,
            error: `outbox row ${row.id}: ${error}`,
          })
        : false;
    await outbox.retryLater(row.id, parked ? 0 : options.retryMaxMs, error);
    logger.error(
      context,
      parked
        ? 'notice cannot be sent (our error): reactor parked; fix, then tbot projections retry'
        : 'notice cannot be sent (our error); will try again',
    );
  };

  const named = async (row: ClaimedOutboxRow): Promise<ClaimedOutboxRow> => {
    if (!deps.actorNames) return row;
    try {
      return await withActorNames(row, deps.actorNames);
    } catch (error) {
      // The users' read models did not answer: the notice goes out naming nobody rather than waiting.
      logger.warn({ outboxId: row.id, err: error }, 'names of a notice not read; sent without them');
      return row;
    }
  };

  /**
   * The other copies of an edited message (a send that timed out after it was delivered, sent again) say the
   * same: best effort, each with its own timeout; one deleted in the chat is left be.
   */
  const editCopies = async (
    row: ClaimedOutboxRow,
    text: string,
    markup: { reply_markup?: NonNullable<ReturnType<typeof noticeKeyboard>> },
    messageId: number | null,
  ) => {
    for (const copy of row.editsCopies ?? []) {
      if (copy === messageId) continue;
      const signal = AbortSignal.timeout(options.sendTimeoutMs) as Parameters<Api['sendMessage']>[3];
      try {
        await deps.api.editMessageText(row.chatId, copy, text, { parse_mode: 'HTML', ...markup }, signal);
      } catch (error) {
        const failure = classifySendFailure(error);
        if (failure.kind === 'unchanged' || failure.kind === 'messageGone') continue;
        logger.info({ outboxId: row.id, kind: row.kind, err: error }, 'a copy of a notice was not edited');
      }
    }
  };

  /** A row for nobody: said in the log (its params are ids only) and counted, once, and sent nowhere. */
  const dropUnrouted = async (row: ClaimedOutboxRow) => {
    metrics.unrouted(row.kind);
    await outbox.markUndeliverable(row.id, 'no recipient: the alert has no route');
    logger.warn(
      { outboxId: row.id, reactor: row.reactor, kind: row.kind, ...row.params },
      UNROUTED_HINTS[row.kind] ??
        "alert routed nowhere: route the server's group, or set monitoring.adminsChat",
    );
  };

  const send = async (claimed: ClaimedOutboxRow) => {
    if (claimed.chatId === NO_RECIPIENT_CHAT) return dropUnrouted(claimed);
    const row = await named(claimed);
    const context = { outboxId: row.id, reactor: row.reactor, kind: row.kind, chatId: row.chatId };
    let text: string;
    let keyboard: ReturnType<typeof noticeKeyboard>;
    try {
      text = renderNotice(row, deps.settings());
      keyboard = noticeKeyboard(row, deps.settings(), deps.callbackSigner ?? null);
    } catch (error) {
      metrics.sent(row.kind, 'failed');
      await park(row, error instanceof Error ? error.message : String(error));
      return;
    }
    const editId = row.editsMessage?.messageId ?? null;
    if (row.editsMessage !== undefined && editId === null) {
      // The message it would edit never reached the chat, or its row is gone (pruned): the notice is news
      // still (a recovery, a server joining), so it goes out as a message of its own, which later edits edit.
      logger.info(context, 'notice edit sent as a new message: its message was not delivered or is gone');
    }
    const markup = keyboard === undefined ? {} : { reply_markup: keyboard };
    // grammY types its signal with the abort-controller shim's class; Node's is the same thing at run time.
    const signal = AbortSignal.timeout(options.sendTimeoutMs) as Parameters<Api['sendMessage']>[3];
    const sendNew = async () => {
      const sent = await deps.api.sendMessage(
        row.chatId,
        text,
        {
          parse_mode: 'HTML',
          ...(row.threadId === null ? {} : { message_thread_id: row.threadId }),
          // Inside the group's quiet hours (the reactor decided it on the event's time): no sound.
          ...(row.silent === true ? { disable_notification: true } : {}),
          // A reply when its message reached the chat; should that message be deleted since, a plain one.
          ...(row.repliesToMessageId === undefined
            ? {}
            : {
                reply_parameters: {
                  message_id: row.repliesToMessageId,
                  allow_sending_without_reply: true,
                },
              }),
          ...markup,
        },
        signal,
      );
      return sent.message_id;
    };
    // The message this row leaves in the chat: the one it edited, or the one it sent. Kept on the row, so the
    // next edit of the same message finds it even when it had to be sent anew.
    let messageId: number | null = editId;
    try {
      if (editId !== null) {
        try {
          await deps.api.editMessageText(row.chatId, editId, text, { parse_mode: 'HTML', ...markup }, signal);
        } catch (error) {
          const failure = classifySendFailure(error);
          if (failure.kind !== 'messageGone') throw error;
          // Deleted in the chat (or no longer editable): said anew rather than dropped.
          logger.info({ ...context, err: failure.error }, 'notice edit sent as a new message');
          messageId = await sendNew();
        }
      } else {
        messageId = await sendNew();
      }
      await editCopies(row, text, markup, messageId);
    } catch (error) {
      const failure = classifySendFailure(error);
      if (failure.kind === 'unchanged') {
        // A retried edit that Telegram already applied: the message says what it should.
        metrics.sent(row.kind, 'sent');
        await outbox.markSent(row.id, editId);
        return;
      }
      switch (failure.kind) {
        // `messageGone` of a new message cannot be: Telegram says it of edits only.
        case 'messageGone':
        case 'undeliverable':
          metrics.sent(row.kind, 'undeliverable');
          await outbox.markUndeliverable(row.id, failure.error);
          logger.info({ ...context, err: failure.error }, 'notice undeliverable to this recipient');
          return;
        case 'transient': {
          metrics.sent(row.kind, 'retried');
          const delayMs = backoff(row.attempts, failure.retryAfterMs);
          await outbox.retryLater(row.id, delayMs, failure.error);
          logger.warn(
            { ...context, attempt: row.attempts, delayMs, err: failure.error },
            'notice retried later',
          );
          return;
        }
        case 'ours':
          metrics.sent(row.kind, 'failed');
          logger.error({ ...context, err: error }, 'notice failed: the reactor parks');
          await park(row, failure.error);
          return;
      }
    }
    metrics.sent(row.kind, 'sent');
    // Should this fail, the claim runs out and the notice goes once more: at least once, never zero times.
    await outbox.markSent(row.id, messageId);
    logger.info({ ...context, attempt: row.attempts }, 'notice sent');
  };

  const parkedReactors = async () =>
    (await deps.projectionStore.list())
      .filter((state) => state.status === 'parked' && deps.reactors.includes(state.name))
      .map((state) => state.name);

  const inFlight = new Set<Promise<void>>();
  /** Resolves when a send in flight is done: the loop looks for the chat's next row (or another's) then. */
  let sendDone: () => void = () => undefined;
  let doneSignal = new Promise<void>((resolve) => (sendDone = resolve));
  const signalDone = () => {
    const resolve = sendDone;
    doneSignal = new Promise<void>((next) => (sendDone = next));
    resolve();
  };

  /** Sends a claimed row on its own: its slot is free again once its state is recorded. */
  const launch = (row: ClaimedOutboxRow) => {
    const sending: Promise<void> = send(row)
      .catch((error: unknown) => {
        // The outbox was unreachable to mark the row: its claim runs out and it is tried again.
        logger.warn({ outboxId: row.id, kind: row.kind, err: error }, 'notice state not recorded');
      })
      .finally(() => {
        inFlight.delete(sending);
        signalDone();
      });
    inFlight.add(sending);
  };

  /** Claims what free slots there are and starts sending it; the number of rows claimed. */
  const claimSome = async (): Promise<number> => {
    const free = options.maxInFlight - inFlight.size;
    if (free <= 0) return 0;
    const parked = await parkedReactors();
    const sendable = deps.reactors.filter((name) => !parked.includes(name));
    if (sendable.length === 0) return 0;
    const rows = await outbox.claim(deps.nodeId, free, options.claimMs, sendable, deps.limits);
    for (const row of rows) launch(row);
    return rows.length;
  };

  const running = (async () => {
    while (!stopping.signal.aborted) {
      // Taken before the claim: a send done during it ends the wait at once.
      const waitingFor = doneSignal;
      let claimed = 0;
      const lastClaim = performance.now();
      try {
        claimed = await claimSome();
      } catch (error) {
        logger.warn({ err: error }, 'notification outbox unavailable; sender waits');
      }
      const busy = claimed > 0 || inFlight.size > 0;
      // Until a send is done (a slot free, a chat's next row maybe due) or the poll's time is up.
      await Promise.race([
        waitingFor,
        sleep(busy ? options.busyPollMs : options.idlePollMs, stopping.signal),
      ]);
      // A claim per finished send would be a query per message: a few milliseconds' gap gathers them.
      const gap = lastClaim + options.minClaimGapMs - performance.now();
      if (gap > 0) await sleep(gap, stopping.signal);
    }
    await Promise.all(inFlight);
  })();

  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
