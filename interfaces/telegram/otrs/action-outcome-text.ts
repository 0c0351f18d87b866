import type { ActionProgress } from '../../../application/otrs/index.ts';
import type { TicketActionKind, TicketActionOutcome } from '../../../domain/otrs/index.ts';
import type { DomainErrorCode } from '../../../domain/shared/index.ts';
import type { TextKey, Translate } from '../i18n/index.ts';
import { BOT_REFUSALS } from '../refusal-replies.ts';

const DONE: Readonly<Record<TicketActionKind, TextKey>> = {
  take: 'otrsTakeDone',
  note: 'otrsNoteDone',
  reassign: 'otrsReassignDone',
  close: 'otrsCloseDone',
};

/** Telegram shows at most 200 characters in a button's answer. */
export const MAX_CALLBACK_ANSWER = 200;

/**
 * What an agent is told of an action's outcome, in their language: done, or why not with OTRS's own text
 * (an outcome's `code` is the OTRS client's or the actions runner's; one the bot does not know reads as
 * "OTRS refused it").
 */
export function actionOutcomeText(
  t: Translate,
  kind: TicketActionKind,
  number: string,
  outcome: TicketActionOutcome,
): string {
  if (outcome.ok) return t(DONE[kind], { number });
  const known = Object.hasOwn(BOT_REFUSALS, outcome.code)
    ? BOT_REFUSALS[outcome.code as DomainErrorCode].button
    : 'otrsRefused';
  // The unavailable answer is its own text already; OTRS's own words come with any other refusal.
  const said =
    outcome.message === null || outcome.code === 'OTRS.UNAVAILABLE'
      ? ''
      : ` ${t('otrsSaysPrefix', { message: outcome.message })}`;
  return `${t('otrsActionFailed', { number })} ${t(known)}${said}`;
}

/** A button's answer once its action was asked: the outcome, still in progress, or nothing to do. */
export function progressAnswer(
  t: Translate,
  kind: TicketActionKind,
  number: string,
  progress: ActionProgress,
): string {
  if (progress.status === 'unknown') return t('otrsActionNothing', { number });
  if (progress.status === 'pending') return t('otrsActionInProgress', { number });
  return actionOutcomeText(t, kind, number, progress.outcome);
}

/**
 * A translated text as a button's answer takes it: plain text (the texts are Telegram HTML, escaped), cut to
 * what Telegram shows.
 */
export function callbackAnswer(html: string): string {
  const text = html
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
  const chars = [...text];
  return chars.length <= MAX_CALLBACK_ANSWER ? text : `${chars.slice(0, MAX_CALLBACK_ANSWER - 1).join('')}…`;
}
