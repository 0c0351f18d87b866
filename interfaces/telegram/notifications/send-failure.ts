import { GrammyError, HttpError } from 'grammy';
import { failureSummary } from '../../../application/projections/index.ts';

/**
 * What a failed send means for its row. `undeliverable`: this recipient cannot be reached (blocked the bot, left,
 * the chat is gone); `transient`: Telegram or the network, try again later; `ours`: a request Telegram refuses
 * whoever it goes to (a bug), so the reactor parks rather than drop notices one by one.
 */
export type SendFailure =
  | { readonly kind: 'undeliverable'; readonly error: string }
  | { readonly kind: 'transient'; readonly error: string; readonly retryAfterMs: number | null }
  | { readonly kind: 'ours'; readonly error: string }
  /** An edit that changes nothing (a retry of one Telegram applied): done. */
  | { readonly kind: 'unchanged' }
  /** The message an edit was for is gone (deleted in the chat) or can no longer be edited: send it anew. */
  | { readonly kind: 'messageGone'; readonly error: string };

// Telegram's 400s that concern one recipient, not the request.
const RECIPIENT_GONE =
  /chat not found|user not found|user is deactivated|peer_id_invalid|bot was kicked|not enough rights|have no rights|topic_closed|message thread not found/i;
// Telegram's 400s of an edit whose message is no longer there to edit.
const MESSAGE_GONE = /message to edit not found|message can't be edited/i;

export function classifySendFailure(error: unknown): SendFailure {
  if (error instanceof GrammyError) {
    const text = `${error.error_code} ${error.description}`;
    if (error.error_code === 429 || error.error_code >= 500) {
      const retryAfter = error.parameters.retry_after;
      return { kind: 'transient', error: text, retryAfterMs: retryAfter ? retryAfter * 1000 : null };
    }
    if (error.error_code === 400 && /message is not modified/i.test(error.description)) {
      return { kind: 'unchanged' };
    }
    if (error.error_code === 403) return { kind: 'undeliverable', error: text };
    if (error.error_code === 400 && MESSAGE_GONE.test(error.description)) {
      return { kind: 'messageGone', error: text };
    }
    if (error.error_code === 400 && RECIPIENT_GONE.test(error.description)) {
      return { kind: 'undeliverable', error: text };
    }
    return { kind: 'ours', error: text };
  }
  // The network, a timeout (the send's own signal), Telegram unreachable.
  if (error instanceof HttpError) return { kind: 'transient', error: error.message, retryAfterMs: null };
  // A failure of our own (rendering a notice) may quote its data: the parked row and the operator's retry or
  // skip event keep only its class and code; the full error goes to the log.
  return { kind: 'ours', error: failureSummary(error) };
}
